/** What each benchmarked server module's `start()` returns inside its child process. */
export interface StartedServer {
  port: number;
  close(): Promise<void>;
  /** A short description printed with the results (versions, options). */
  description?: string;
}
