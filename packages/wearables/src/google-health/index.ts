export * from './normalize';
export * from './oauth';
export * from './provider';
export * from './tokens';
export * from './webhook';
