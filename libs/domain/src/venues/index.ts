export * from './cooperative';
export * from './flex-workspace';
export * from './kinds';
export * from './rules';
export * from './social-firm';
export * from './rule-sets';
export * from './tasks';
