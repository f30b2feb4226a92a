import { describe, expect, it } from 'vitest';
import { analyzeSql, SqlParseError } from './sql-lineage.js';
import { stripJinja } from './sql-text.js';

describe('analyzeSql', () => {
  it('follows columns through CTEs and aliases to base tables, with expressions, filters and grain', () => {
    const a = analyzeSql(
      `WITH paid AS (
         SELECT o.order_id, o.amount * (1 - o.discount) AS net_amount, c.email AS customer_email, o.created_at
         FROM shop.orders o LEFT JOIN shop.customers c ON o.customer_id = c.id
         WHERE o.status <> 'cancelled')
       SELECT CAST(p.created_at AS DATE) AS order_day, SUM(p.net_amount) AS revenue, COUNT(DISTINCT p.order_id) AS orders
       FROM paid p GROUP BY CAST(p.created_at AS DATE)`,
      'snowflake',
    );
    expect(a.sources).toEqual(['customers', 'orders']);
    expect(a.filters).toEqual(["o.status <> 'cancelled'"]);
    expect(a.grain).toEqual(['CAST(p.created_at AS DATE)']);
    const revenue = a.columns.find((c) => c.name === 'revenue')!;
    expect(revenue.aggregate).toBe('SUM');
    expect(revenue.sources).toEqual([
      { table: 'orders', column: 'amount' },
      { table: 'orders', column: 'discount' },
    ]);
    const orders = a.columns.find((c) => c.name === 'orders')!;
    expect(orders.sources).toEqual([{ table: 'orders', column: 'order_id' }]);
    expect(orders.aggregate).toBe('COUNT');
  });

  it('marks plain copies and renames as direct, and passes SELECT * of a CTE through', () => {
    const a = analyzeSql(
      `WITH c AS (SELECT id, email AS mail FROM crm.customers) SELECT c.* FROM c`,
      'postgres',
    );
    expect(a.columns.map((c) => [c.name, c.direct, c.sources[0]])).toEqual([
      ['id', true, { table: 'customers', column: 'id' }],
      ['mail', true, { table: 'customers', column: 'email' }],
    ]);
  });

  it('parses each dialect it names: BigQuery backticks, MySQL, Spark (hive) and a CREATE VIEW', () => {
    expect(analyzeSql('SELECT `x`.`a` AS b FROM `proj.ds.t` AS x', 'bigquery').columns[0]!.sources).toEqual([
      { table: 't', column: 'a' },
    ]);
    expect(analyzeSql('SELECT a, IFNULL(b, 0) AS b FROM db1.t1 LIMIT 10', 'mysql').sources).toEqual(['t1']);
    expect(
      analyzeSql(
        "SELECT date_format(ts, 'yyyy') AS y, collect_list(x) AS xs FROM db.t1 GROUP BY date_format(ts, 'yyyy')",
        'spark',
      ).dialect,
    ).toBe('hive');
    expect(analyzeSql('CREATE OR REPLACE VIEW a.b.v AS SELECT * FROM a.b.t', 'snowflake').starTables).toEqual(
      ['t'],
    );
  });

  it('refuses what no dialect parses with a SqlParseError', () => {
    expect(() => analyzeSql('let Source = Snowflake.Databases("x") in Source')).toThrow(SqlParseError);
  });
});

describe('stripJinja', () => {
  it("reduces dbt's refs, sources, config blocks and incremental branches to plain SQL", () => {
    const sql = stripJinja(`{{ config(materialized='incremental', post_hook=["DELETE FROM {{ this }}"]) }}
select id from {{ ref('stg_orders') }} join {{ source('shop', 'customers') }} using (id)
{% if is_incremental() %} where updated_at > (select max(updated_at) from {{ this }}) {% endif %}`);
    expect(sql).toBe('select id from stg_orders join customers using (id)');
  });
});
