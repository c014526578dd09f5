export * from './adjudication';
export * from './eob';
export * from './submit';
export * from './summary';
