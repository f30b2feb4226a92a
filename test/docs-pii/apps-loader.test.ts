import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  loadAppColumns,
  missingAppSchemas,
  parseCreateTables,
  phpCreateTables,
  readAppSchemaList,
  schemaSqlOf,
} from '../../bench/docs-pii-apps.js';

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

  it('gives an inheriting table its parents columns first, and a LIKE item the columns of that table', () => {
    const sql = `
CREATE TABLE note (id serial primary key, note text not null, ref_key int not null);
CREATE TABLE invoice_note(primary key(id)) INHERITS (note);
CREATE TABLE entity_note(
      entity_id int references entity(id),
      note text,
      primary key(id)) INHERITS (note);
CREATE TABLE Job (JobId serial, Name text);
CREATE TABLE JobHisto (LIKE Job);`;
    const result = parseCreateTables('ledger', sql, 'postgresql');
    const byTable = (t: string) => result.columns.filter((c) => c.table === t).map((c) => c.column);
    expect(byTable('invoice_note')).toEqual(['id', 'note', 'ref_key']);
    expect(byTable('entity_note')).toEqual(['id', 'note', 'ref_key', 'entity_id']);
    expect(byTable('JobHisto')).toEqual(['JobId', 'Name']);
    expect(result.unreadable).toBe(0);
  });

  it('skips a CREATE TABLE inside a function body and reads past apostrophes in dollar-quoted text', () => {
    const sql = `
COMMENT ON TABLE a IS $$ Don't use this table; it's kept for old reports.$$; --'
CREATE TABLE a (id int, owner text);
CREATE FUNCTION make_custom(table_name text) RETURNS bool AS '
BEGIN
  EXECUTE ''CREATE TABLE '' || quote_ident(''custom_'' || table_name) || '' (row_id INT PRIMARY KEY)'';
  RETURN TRUE;
END;' LANGUAGE plpgsql;
CREATE FUNCTION f() RETURNS void AS $body$ BEGIN CREATE TEMP TABLE t (x int); END; $body$ LANGUAGE plpgsql;
CREATE TABLE b (id int);`;
    const result = parseCreateTables('ledger', sql, 'postgresql');
    expect(result.columns.map((c) => `${c.table}.${c.column}`)).toEqual(['a.id', 'a.owner', 'b.id']);
    expect(result).toMatchObject({ parsed: 2, fallback: 0, unreadable: 0 });
  });

  it("reads a migrations folder in file-name order, adding its ALTER TABLE columns to an earlier file's tables", () => {
    const dir = mkdtempSync(`${tmpdir()}/pii-apps-`);
    try {
      mkdirSync(`${dir}/idp/migrations`, { recursive: true });
      const write = (name: string, sql: string) => writeFileSync(`${dir}/idp/migrations/${name}`, sql);
      write(
        '0002_add.postgres.up.sql',
        'ALTER TABLE identities ADD COLUMN nid uuid, ADD CONSTRAINT c UNIQUE (nid);',
      );
      write('0001_init.up.sql', 'CREATE TABLE identities (id uuid PRIMARY KEY, traits jsonb);');
      write(
        '0003_more.up.sql',
        `ALTER TABLE ONLY "identities" ADD IF NOT EXISTS state varchar(255) NOT NULL;
        ALTER TABLE identities RENAME COLUMN traits TO profile; ALTER TABLE identities ADD COLUMN id uuid;
        ALTER TABLE nowhere ADD COLUMN lost int; CREATE TABLE identities (other int);`,
      );
      write('0004_other.mysql.up.sql', 'ALTER TABLE identities ADD COLUMN mysql_only int;');
      const files = readAppSchemaList(
        'idp  go:example.com/idp@v1.0.0  postgresql  migrations/+([0-9])_+([a-z])@(|.postgres).up.sql\n',
      );
      expect(missingAppSchemas(files, dir)).toEqual([]);
      const loaded = loadAppColumns(files, dir);
      expect(loaded.columns.map((c) => `${c.table}.${c.column} ${c.type}`)).toEqual([
        'identities.id uuid',
        'identities.traits jsonb',
        'identities.nid uuid',
        'identities.state varchar(255)',
        'identities.profile ',
      ]);
      expect(loaded).toMatchObject({ parsed: 2, fallback: 0, unreadable: 0 });
      // A plain (non-glob) file is read for its CREATE TABLE statements only, as the earlier sets were labelled.
      const plain = parseCreateTables(
        'idp',
        'CREATE TABLE t (a int); ALTER TABLE t ADD COLUMN b int;',
        'postgresql',
      );
      expect(plain.columns.map((c) => c.column)).toEqual(['a']);
      expect(
        missingAppSchemas(readAppSchemaList('idp  go:x@v1  postgresql  none/*.sql\n'), dir),
      ).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gunzips a .gz schema file', () => {
    const sql = 'CREATE TABLE users (userid bigint NOT NULL, surname varchar(100));';
    expect(schemaSqlOf('usr/share/zabbix/schema.sql.gz', gzipSync(sql))).toBe(sql);
    expect(schemaSqlOf('usr/share/app/install/pgsql', Buffer.from(sql))).toBe(sql);
  });

  it('reads a README from its first CREATE TABLE, past prose whose apostrophes would swallow the statements', () => {
    const readme = String.raw`Upgrade note: a field should be of type 'bytea' and not 'text'; convert with
  USING decode(replace(mail_text,'\','\\'),'escape');
It's the same for every table.

CREATE TABLE users (
  id    serial PRIMARY KEY, -- unique id
  email bytea  NOT NULL     -- it's the address
);
CREATE TABLE msgs (mail_id bytea NOT NULL, from_addr varchar(255) DEFAULT '');
`;
    const sql = schemaSqlOf('usr/share/doc/app/README.sql-pg.gz', gzipSync(readme));
    expect(sql.startsWith('CREATE TABLE users')).toBe(true);
    const result = parseCreateTables('mail', sql, 'postgresql');
    expect(result.columns.map((c) => `${c.table}.${c.column}`)).toEqual([
      'users.id',
      'users.email',
      'msgs.mail_id',
      'msgs.from_addr',
    ]);
    expect(result).toMatchObject({ unreadable: 0 });
    // The same text outside a README is read as it stands.
    expect(schemaSqlOf('usr/share/app/schema.sql', Buffer.from(readme))).toBe(readme);
  });

  it("reads the CREATE TABLE strings of a PHP file the way WordPress's schema.php writes them", () => {
    const php = String.raw`<?php
// Indexes have "a maximum size"; see the "comment" below.
$charset_collate = $wpdb->get_charset_collate();
$max_index_length = 191;
$blog_tables = "CREATE TABLE $wpdb->comments (
	comment_ID bigint(20) unsigned NOT NULL auto_increment,
	comment_author_email varchar(100) NOT NULL default '',
	comment_content text NOT NULL,
	PRIMARY KEY  (comment_ID),
	KEY comment_author_email (comment_author_email(10))
) $charset_collate;
CREATE TABLE $wpdb->options (
	option_name varchar(191) NOT NULL default '',
	KEY option_name (option_name($max_index_length))
) $charset_collate;\n";
$users_single_table = "CREATE TABLE $wpdb->users (
	ID bigint(20) unsigned NOT NULL auto_increment,
	user_email varchar(100) NOT NULL default '',
	PRIMARY KEY  (ID)
) $charset_collate;\n";
$users_multi_table = "CREATE TABLE $wpdb->users (
	ID bigint(20) unsigned NOT NULL auto_increment,
	user_email varchar(100) NOT NULL default '',
	spam tinyint(2) NOT NULL default '0',
	PRIMARY KEY  (ID)
) $charset_collate;\n";
$wpdb->query( "INSERT INTO $wpdb->options (option_name) VALUES ('x')" );
`;
    const sql = phpCreateTables(php);
    expect(sql).not.toMatch(/\$|\\n/);
    expect(sql).toContain('KEY option_name (option_name(191))');
    const result = parseCreateTables('wordpress', sql, 'mysql');
    expect(result.columns.map((c) => `${c.table}.${c.column}`)).toEqual([
      'wp_comments.comment_ID',
      'wp_comments.comment_author_email',
      'wp_comments.comment_content',
      'wp_options.option_name',
      'wp_users.ID',
      'wp_users.user_email',
    ]);
    expect(result).toMatchObject({ parsed: 3, fallback: 0, unreadable: 0 });
  });
});
