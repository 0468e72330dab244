export * from './journey';
export * from './journey-machine';
export * from './organisation';
export * from './policy';
export * from './routes';
export * from './schema';
export * from './search-attributes';
export * from './tasks';
