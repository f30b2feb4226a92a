import { describe, expect, it } from 'vitest';
import { parseCreateTables, readAppSchemaList } from '../../bench/docs-pii-apps.js';

/**
 * bench:docs' PII hold-out set is every column of the listed application schemas: a column the loader drops or
 * misnames is a column nobody scores, so the loader must read what the applications' files really contain.
 */
describe('application schema loader', () => {
  it('reads PostgreSQL tables and skips comments, sequences, indexes, functions and data', () => {
    const sql = `
-- CREATE TABLE commented_out (x int);
CREATE SEQUENCE users_id_seq;
CREATE TABLE Users (
  id INTEGER DEFAULT nextval('users_id_seq'),
  EmailAddress varchar(120) NULL  , /* the login */
  RealName varchar(120) NULL,
  PRIMARY KEY (id)
);
CREATE INDEX users1 ON Users (EmailAddress);
CREATE FUNCTION f() RETURNS void AS $$ BEGIN NULL; END; $$ LANGUAGE plpgsql;
INSERT INTO Users (id) VALUES (1);
CREATE TABLE public.sessions (sid varchar(40) NOT NULL, changed timestamp with time zone, ip inet);
`;
    const result = parseCreateTables('rt', sql, 'postgresql');
    expect(result.columns).toEqual([
      { app: 'rt', table: 'Users', column: 'id', type: 'integer' },
      { app: 'rt', table: 'Users', column: 'EmailAddress', type: 'varchar(120)' },
      { app: 'rt', table: 'Users', column: 'RealName', type: 'varchar(120)' },
      { app: 'rt', table: 'sessions', column: 'sid', type: 'varchar(40)' },
      { app: 'rt', table: 'sessions', column: 'changed', type: 'timestamp' },
      { app: 'rt', table: 'sessions', column: 'ip', type: 'inet' },
    ]);
    expect(result).toMatchObject({ parsed: 2, fallback: 0, unreadable: 0 });
  });

  it('reads MySQL dump tables with backquoted names and table options', () => {
    const sql = `/*!40101 SET NAMES utf8 */;
DROP TABLE IF EXISTS \`Users\`;
CREATE TABLE \`Users\` (
  \`Id\` int(10) unsigned NOT NULL auto_increment,
  \`Username\` varchar(64) character set latin1 collate latin1_bin NOT NULL default '',
  \`Language\` varchar(8),
  PRIMARY KEY (\`Id\`),
  UNIQUE KEY \`UC_Username\` (\`Username\`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8;`;
    const result = parseCreateTables('zm', sql, 'mysql');
    expect(result.columns.map((c) => `${c.table}.${c.column}`)).toEqual([
      'Users.Id',
      'Users.Username',
      'Users.Language',
    ]);
    expect(result.columns[1]?.type).toBe('varchar(64)');
    expect(result).toMatchObject({ parsed: 1, fallback: 0, unreadable: 0 });
  });

  it('reads a statement the parser refuses with the plain column-list reader, and counts it', () => {
    const sql = `CREATE TABLE location (
  id SERIAL PRIMARY KEY NOT NULL,
  username VARCHAR(64) DEFAULT '' NOT NULL,
  contact VARCHAR(512) DEFAULT '' NOT NULL,
  CONSTRAINT location_ruid_idx UNIQUE (id, username)
) WITH (fillfactor = 70);`;
    const result = parseCreateTables('kamailio', sql, 'postgresql');
    expect(result.columns).toEqual([
      { app: 'kamailio', table: 'location', column: 'id', type: 'serial' },
      { app: 'kamailio', table: 'location', column: 'username', type: 'varchar(64)' },
      { app: 'kamailio', table: 'location', column: 'contact', type: 'varchar(512)' },
    ]);
    expect(result).toMatchObject({ parsed: 0, fallback: 1, unreadable: 0 });
  });

  it('counts a CREATE TABLE neither reader can read instead of dropping it silently', () => {
    const result = parseCreateTables('x', 'CREATE TABLE broken AS SELECT 1;', 'postgresql');
    expect(result).toMatchObject({ columns: [], unreadable: 1 });
  });

  it('reads the schema list and refuses a line it cannot read', () => {
    expect(readAppSchemaList('# comment\n\nrt  request-tracker5=5.0.3  postgresql  etc/schema.Pg\n')).toEqual(
      [{ app: 'rt', pin: 'request-tracker5=5.0.3', dialect: 'postgresql', path: 'etc/schema.Pg' }],
    );
    expect(() => readAppSchemaList('rt request-tracker5 oracle etc/schema.Oracle')).toThrow(
      /cannot read line/,
    );
  });
});
