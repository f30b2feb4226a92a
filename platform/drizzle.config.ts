import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  // One file per owner: the hub's and the shared spoke tables here, each spoke group's own results beside it
  // (schema-de.ts, schema-da.ts, schema-dg.ts), each in its own PostgreSQL schema.
  schema: './platform/src/store/schema*.ts',
  out: './platform/drizzle',
});
