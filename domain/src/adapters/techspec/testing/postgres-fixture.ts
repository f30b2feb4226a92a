import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

/** A scratch database on the test PostgreSQL server (dev_env/services.sh), with its connection settings. */
export interface ScratchDatabase {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  sql: postgres.Sql;
  drop(): Promise<void>;
}

export async function createScratchDatabase(serverUrl: string): Promise<ScratchDatabase> {
  const database = `techspec_${randomBytes(5).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${database}`);
  const url = new URL(serverUrl);
  const sql = postgres({
    host: url.hostname,
    port: Number(url.port || 5432),
    database,
    username: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    max: 2,
    onnotice: () => undefined,
  });
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    database,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    sql,
    async drop() {
      await sql.end({ timeout: 5 });
      await admin.unsafe(`drop database if exists ${database} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}
