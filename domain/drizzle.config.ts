import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './domain/src/store/schema.ts',
  out: './domain/drizzle',
});
