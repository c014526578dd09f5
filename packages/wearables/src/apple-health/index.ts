export * from './export';
export * from './push';
export { appleDate, parseHkDevice, workoutActivityName } from './types';
