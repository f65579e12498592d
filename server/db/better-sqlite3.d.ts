// better-sqlite3 ships no types and @types/better-sqlite3 is not installed: the part we use.
declare module 'better-sqlite3' {
  namespace Database {
    interface Options {
      readonly?: boolean;
      fileMustExist?: boolean;
      /** busy_timeout in milliseconds (better-sqlite3's default is 5000). */
      timeout?: number;
      verbose?: (message?: unknown, ...rest: unknown[]) => void;
      nativeBinding?: string;
    }
    interface RunResult {
      changes: number;
      lastInsertRowid: number | bigint;
    }
    interface Statement {
      run(...params: unknown[]): RunResult;
      get(...params: unknown[]): unknown;
      all(...params: unknown[]): unknown[];
    }
  }
  class Database {
    constructor(filename: string, options?: Database.Options);
    readonly open: boolean;
    readonly inTransaction: boolean;
    readonly name: string;
    prepare(sql: string): Database.Statement;
    exec(sql: string): this;
    pragma(source: string, options?: { simple?: boolean }): unknown;
    close(): this;
  }
  export = Database;
}
