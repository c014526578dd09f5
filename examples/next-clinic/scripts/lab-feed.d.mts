export function readFeed(file?: string): string[];
export function playLabFeed(options?: {
  host?: string;
  port?: number;
  log?: (line: string) => void;
}): Promise<void>;
