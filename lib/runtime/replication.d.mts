export interface ReplicationStatusFile {
  url: string;
  type: 'file' | 's3' | 'sftp';
  startedAt: string;
  updatedAt: string;
  metricsOk: boolean;
  caughtUp: boolean;
  lastSyncAt: string | null;
  bytesBehind: number | null;
  syncErrors: number;
  syncs: number;
}
export declare function databasePath(env?: NodeJS.ProcessEnv): string;
export declare function litestreamBinary(env?: NodeJS.ProcessEnv): string;
export declare function parseReplicaUrl(raw: unknown): { type: 'file' | 's3' | 'sftp'; url: URL };
export declare function describeReplicaUrl(raw: unknown): string;
export declare function litestreamConfig(options?: {
  env?: NodeJS.ProcessEnv;
  dbPath?: string;
  metricsPort?: number | null;
}): string;
export declare function writeLitestreamConfig(options?: {
  env?: NodeJS.ProcessEnv;
  dbPath?: string;
  metricsPort?: number | null;
}): { file: string; remove: () => void };
export declare function parseMetrics(text: string): Record<string, number>;
export declare function nextStatus(
  previous: ReplicationStatusFile,
  metrics: Record<string, number> | null,
  now: string,
): ReplicationStatusFile;
export declare function runUnderLitestream(serverArgs: string[], env?: NodeJS.ProcessEnv): Promise<number>;
