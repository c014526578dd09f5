export * from './envelope';
export * from './errors';
export * from './loops';
export * from './parse';
export * from './schemas';
export * from './tokenizer';
