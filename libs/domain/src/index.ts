export * from './journey';
export * from './organisation';
export * from './search-attributes';
