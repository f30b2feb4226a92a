/**
 * The table templates of Acme Retail: operational source tables (which also define the bronze landing
 * copies and the silver models), joined silver models, gold marts, and the BI dashboards on top.
 *
 * Columns are written compactly as `name:type[:flag...]` with flags
 *   pk                  primary key (profiled as the key column)
 *   pii=<Term>          a Personal Information glossary term (PII tag on the column)
 *   cat=a|b|c           categorical values (profiled: distinct count, sample values)
 *   num=lo..hi~mean     numeric range and mean (profiled: min, max, mean, median, stdev)
 *   opt=p               nullable with a typical null proportion p (profiled: null proportion)
 */

export type ColumnType = 'id' | 'str' | 'text' | 'int' | 'dec' | 'ts' | 'date' | 'bool' | 'json';

export interface ColumnDef {
  name: string;
  type: ColumnType;
  pk: boolean;
  pii?: string;
  cat?: readonly string[];
  num?: { lo: number; hi: number; mean: number };
  opt?: number;
}

export function parseColumn(spec: string): ColumnDef {
  const [name, type, ...flags] = spec.split(':');
  if (!name || !type) throw new Error(`bad column spec ${spec}`);
  const col: ColumnDef = { name, type: type as ColumnType, pk: false };
  for (const flag of flags) {
    const [k, v = ''] = flag.split('=');
    if (k === 'pk') col.pk = true;
    else if (k === 'pii') col.pii = v;
    else if (k === 'cat') col.cat = v.split('|');
    else if (k === 'opt') col.opt = Number(v);
    else if (k === 'num') {
      const m = /^([\d.]+)\.\.([\d.]+)~([\d.]+)$/.exec(v);
      if (!m) throw new Error(`bad num flag in ${spec}`);
      col.num = { lo: Number(m[1]), hi: Number(m[2]), mean: Number(m[3]) };
    } else throw new Error(`unknown column flag ${flag} in ${spec}`);
  }
  return col;
}

export type SystemId = 'shop' | 'erp' | 'crm' | 'clickstream';

export interface SystemDef {
  id: SystemId;
  platform: 'postgres' | 'mysql' | 'kafka';
  description: string;
  /** consumer: weekend peaks (web shop traffic); business: weekend dips (back office). */
  seasonality: 'consumer' | 'business';
}

// prettier-ignore
export const SYSTEMS: Readonly<Record<SystemId, SystemDef>> = {
  shop: { id: 'shop', platform: 'postgres', description: 'Web shop and app backend (orders, customers, payments)', seasonality: 'consumer' },
  erp: { id: 'erp', platform: 'mysql', description: 'ERP: products, purchasing, inventory, logistics and ledger', seasonality: 'business' },
  crm: { id: 'crm', platform: 'mysql', description: 'CRM and marketing automation', seasonality: 'business' },
  clickstream: { id: 'clickstream', platform: 'kafka', description: 'Clickstream events from the web shop and the app', seasonality: 'consumer' },
};

/**
 * A source table. `perDay` is the daily volume of a fact (US scale); `rows` the size of a dimension.
 * `snapshot` facts are full daily snapshots (no weekly pattern).
 */
export interface SourceTable {
  name: string;
  system: SystemId;
  domain: string;
  kind: 'fact' | 'dimension' | 'snapshot';
  perDay?: number;
  rows?: number;
  description: string;
  columns: readonly string[];
}

const S = (
  name: string,
  system: SystemId,
  domain: string,
  kind: SourceTable['kind'],
  size: number,
  description: string,
  columns: string[],
): SourceTable => ({
  name,
  system,
  domain,
  kind,
  ...(kind === 'dimension' ? { rows: size } : { perDay: size }),
  description,
  columns,
});

// prettier-ignore
export const SOURCE_TABLES: readonly SourceTable[] = [
  // shop (postgres)
  S('customers', 'shop', 'customer', 'dimension', 2_400_000, 'Customer accounts registered in the web shop or the app.', [
    'customer_id:id:pk', 'email:str:pii=EmailAddress:opt=0.004', 'first_name:str:pii=FullName', 'last_name:str:pii=FullName',
    'phone_number:str:pii=PhoneNumber', 'date_of_birth:date:pii=DateOfBirth', 'loyalty_tier:str:cat=none|silver|gold|platinum',
    'marketing_opt_in:bool', 'created_at:ts', 'updated_at:ts',
  ]),
  S('customer_addresses', 'shop', 'customer', 'dimension', 3_100_000, 'Shipping and billing addresses saved by customers.', [
    'address_id:id:pk', 'customer_id:id', 'address_line1:str:pii=PostalAddress', 'address_line2:str:pii=PostalAddress',
    'city:str', 'region:str', 'postal_code:str:pii=PostalAddress:opt=0.006', 'country_code:str:cat=US|CA|MX',
    'address_type:str:cat=shipping|billing', 'is_default:bool', 'created_at:ts',
  ]),
  S('orders', 'shop', 'sales', 'fact', 38_000, 'Orders placed in every channel, one row per order.', [
    'order_id:id:pk', 'customer_id:id', 'store_id:id', 'channel:str:cat=web|app|store|marketplace',
    'order_status:str:cat=placed|paid|shipped|delivered|cancelled|returned', 'order_total:dec:num=4..2400~86.5',
    'currency:str', 'discount_amount:dec', 'shipping_amount:dec', 'coupon_code:str', 'ordered_at:ts', 'updated_at:ts',
  ]),
  S('order_items', 'shop', 'sales', 'fact', 95_000, 'Order lines: one row per product in an order.', [
    'order_item_id:id:pk', 'order_id:id', 'product_id:id', 'sku:str', 'quantity:int:num=1..24~1.6',
    'unit_price:dec', 'discount_amount:dec', 'line_total:dec', 'created_at:ts',
  ]),
  S('payments', 'shop', 'finance', 'fact', 39_000, 'Payment transactions with the payment service provider.', [
    'payment_id:id:pk', 'order_id:id', 'payment_method:str:cat=card|paypal|apple_pay|gift_card|bnpl',
    'card_brand:str:cat=visa|mastercard|amex|discover', 'card_last4:str:pii=PaymentCard', 'card_bin:str:pii=PaymentCard',
    'amount:dec:num=4..2400~87.2', 'currency:str', 'status:str:cat=authorized|captured|failed|refunded',
    'processor_reference:str:opt=0.009', 'authorized_at:ts', 'captured_at:ts',
  ]),
  S('refunds', 'shop', 'finance', 'fact', 1_900, 'Refunds issued against payments.', [
    'refund_id:id:pk', 'payment_id:id', 'order_id:id', 'amount:dec:num=1..2400~54', 'reason:str:cat=return|damaged|late|goodwill|fraud',
    'status:str:cat=pending|completed|failed', 'refunded_at:ts',
  ]),
  S('returns', 'shop', 'sales', 'fact', 2_300, 'Return requests for delivered order lines.', [
    'return_id:id:pk', 'order_id:id', 'order_item_id:id', 'return_reason:str:cat=size|damaged|not_as_described|changed_mind|late',
    'item_condition:str:cat=new|opened|damaged', 'restocked:bool', 'requested_at:ts', 'received_at:ts',
  ]),
  S('carts', 'shop', 'sales', 'fact', 120_000, 'Shopping carts, including abandoned ones.', [
    'cart_id:id:pk', 'customer_id:id', 'session_id:str', 'cart_status:str:cat=active|converted|abandoned',
    'item_count:int:num=1..40~2.7', 'cart_value:dec', 'created_at:ts', 'updated_at:ts',
  ]),
  S('cart_items', 'shop', 'sales', 'fact', 260_000, 'Items added to shopping carts.', [
    'cart_item_id:id:pk', 'cart_id:id', 'product_id:id', 'quantity:int:num=1..20~1.4', 'added_at:ts',
  ]),
  S('coupons', 'shop', 'marketing', 'dimension', 18_000, 'Coupon codes and their discount rules.', [
    'coupon_id:id:pk', 'code:str', 'promotion_id:id', 'discount_type:str:cat=percent|fixed|free_shipping',
    'discount_value:dec:num=1..50~12', 'valid_from:ts', 'valid_to:ts', 'max_redemptions:int',
  ]),
  S('coupon_redemptions', 'shop', 'marketing', 'fact', 6_000, 'Coupons redeemed on orders.', [
    'redemption_id:id:pk', 'coupon_id:id', 'order_id:id', 'customer_id:id', 'discount_amount:dec:num=1..300~9.8', 'redeemed_at:ts',
  ]),
  S('reviews', 'shop', 'product', 'fact', 3_200, 'Product reviews written by customers.', [
    'review_id:id:pk', 'product_id:id', 'customer_id:id', 'rating:int:num=1..5~4.1', 'title:str', 'body:text',
    'verified_purchase:bool', 'created_at:ts',
  ]),
  S('loyalty_members', 'shop', 'customer', 'dimension', 1_100_000, 'Members of the Acme Rewards loyalty programme.', [
    'member_id:id:pk', 'customer_id:id', 'email:str:pii=EmailAddress:opt=0.003', 'date_of_birth:date:pii=DateOfBirth',
    'tier:str:cat=silver|gold|platinum', 'points_balance:int:num=0..250000~3400', 'enrolled_at:ts',
  ]),
  S('gift_cards', 'shop', 'finance', 'dimension', 420_000, 'Issued gift cards and their balances.', [
    'gift_card_id:id:pk', 'card_number_hash:str:pii=PaymentCard', 'initial_value:dec', 'balance:dec:num=0..500~31',
    'card_status:str:cat=active|redeemed|expired', 'purchaser_customer_id:id', 'issued_at:ts', 'expires_at:ts',
  ]),
  // erp (mysql)
  S('products', 'erp', 'product', 'dimension', 85_000, 'Product master data: one row per SKU.', [
    'product_id:id:pk', 'sku:str', 'product_name:str', 'brand:str', 'category_id:id', 'list_price:dec:num=1..3000~48',
    'cost_price:dec', 'weight_kg:dec', 'is_active:bool:cat=true|false', 'launched_at:date', 'updated_at:ts',
  ]),
  S('categories', 'erp', 'product', 'dimension', 1_200, 'Product category hierarchy.', [
    'category_id:id:pk', 'parent_category_id:id', 'category_name:str', 'department:str:cat=apparel|home|electronics|beauty|outdoor|toys',
    'level:int',
  ]),
  S('suppliers', 'erp', 'supply-chain', 'dimension', 2_100, 'Suppliers and their commercial terms.', [
    'supplier_id:id:pk', 'supplier_name:str', 'country_code:str:cat=CN|VN|IN|TR|US|DE|MX', 'contact_email:str:pii=EmailAddress',
    'contact_phone:str:pii=PhoneNumber', 'payment_terms:str:cat=NET30|NET45|NET60', 'lead_time_days:int:num=2..120~34', 'is_active:bool',
  ]),
  S('purchase_orders', 'erp', 'supply-chain', 'fact', 900, 'Purchase orders sent to suppliers.', [
    'po_id:id:pk', 'supplier_id:id', 'warehouse_id:id', 'po_status:str:cat=draft|sent|confirmed|received|cancelled',
    'total_cost:dec:num=100..900000~18500', 'currency:str', 'ordered_at:ts', 'expected_at:ts', 'received_at:ts',
  ]),
  S('purchase_order_lines', 'erp', 'supply-chain', 'fact', 7_000, 'Lines of purchase orders.', [
    'po_line_id:id:pk', 'po_id:id', 'product_id:id', 'quantity_ordered:int:num=1..20000~240', 'quantity_received:int', 'unit_cost:dec',
  ]),
  S('inventory', 'erp', 'supply-chain', 'snapshot', 1_100_000, 'Daily stock snapshot per product and warehouse.', [
    'inventory_id:id:pk', 'product_id:id', 'warehouse_id:id', 'snapshot_date:date', 'on_hand_qty:int:num=0..50000~118',
    'reserved_qty:int', 'reorder_point:int', 'updated_at:ts',
  ]),
  S('warehouses', 'erp', 'supply-chain', 'dimension', 14, 'Fulfilment centres.', [
    'warehouse_id:id:pk', 'warehouse_name:str', 'city:str', 'region:str', 'country_code:str', 'capacity_units:int', 'opened_at:date',
  ]),
  S('stores', 'erp', 'sales', 'dimension', 180, 'Stores, including the online stores per country.', [
    'store_id:id:pk', 'store_name:str', 'store_format:str:cat=flagship|standard|outlet|online', 'city:str', 'region:str',
    'country_code:str', 'manager_employee_id:id', 'square_feet:int:num=0..120000~24000', 'opened_at:date',
  ]),
  S('shipments', 'erp', 'supply-chain', 'fact', 36_000, 'Parcels shipped to customers.', [
    'shipment_id:id:pk', 'order_id:id', 'warehouse_id:id', 'carrier:str:cat=ups|fedex|usps|dhl', 'service_level:str',
    'tracking_number:str:opt=0.01', 'shipping_address:str:pii=PostalAddress', 'shipping_cost:dec:num=0..180~7.9',
    'shipped_at:ts', 'delivered_at:ts',
  ]),
  S('shipment_events', 'erp', 'supply-chain', 'fact', 140_000, 'Carrier scan events for shipments.', [
    'event_id:id:pk', 'shipment_id:id', 'event_type:str:cat=label_created|picked_up|in_transit|out_for_delivery|delivered|exception',
    'location_city:str', 'event_at:ts',
  ]),
  S('invoices', 'erp', 'finance', 'fact', 41_000, 'Customer invoices.', [
    'invoice_id:id:pk', 'order_id:id', 'customer_id:id', 'invoice_number:str', 'subtotal:dec', 'tax_amount:dec',
    'total:dec:num=4..2600~92', 'currency:str', 'issued_at:ts', 'due_at:ts',
  ]),
  S('gl_entries', 'erp', 'finance', 'fact', 210_000, 'General ledger journal lines.', [
    'entry_id:id:pk', 'journal_id:id', 'account_code:str:cat=4000|4100|4200|5000|5100|6100|6200|2100', 'cost_center:str',
    'debit_amount:dec:num=0..500000~640', 'credit_amount:dec', 'currency:str', 'posted_at:ts', 'fiscal_period:str',
  ]),
  S('price_history', 'erp', 'product', 'fact', 2_500, 'Price changes per product.', [
    'price_change_id:id:pk', 'product_id:id', 'old_price:dec', 'new_price:dec:num=1..3000~47', 'changed_by:str', 'effective_from:ts',
  ]),
  S('store_employees', 'erp', 'sales', 'dimension', 6_800, 'Store staff and their roles.', [
    'employee_id:id:pk', 'store_id:id', 'full_name:str:pii=FullName', 'email:str:pii=EmailAddress',
    'employee_role:str:cat=associate|cashier|supervisor|manager', 'hourly_rate:dec:num=12..60~19.5', 'hired_at:date', 'terminated_at:date',
  ]),
  // crm (mysql)
  S('campaigns', 'crm', 'marketing', 'dimension', 1_400, 'Marketing campaigns across channels.', [
    'campaign_id:id:pk', 'campaign_name:str', 'channel:str:cat=email|paid_search|paid_social|display|affiliate',
    'objective:str:cat=acquisition|retention|reactivation|awareness', 'budget:dec:num=500..2000000~42000', 'start_date:date',
    'end_date:date', 'campaign_status:str:cat=planned|live|ended',
  ]),
  S('campaign_members', 'crm', 'marketing', 'fact', 45_000, 'Customers targeted by campaigns.', [
    'member_id:id:pk', 'campaign_id:id', 'customer_id:id', 'segment:str:cat=vip|loyal|at_risk|new|dormant', 'added_at:ts',
  ]),
  S('email_sends', 'crm', 'marketing', 'fact', 310_000, 'Marketing emails sent.', [
    'send_id:id:pk', 'campaign_id:id', 'customer_id:id', 'email_address:str:pii=EmailAddress:opt=0.002', 'template_id:str', 'sent_at:ts',
  ]),
  S('email_events', 'crm', 'marketing', 'fact', 520_000, 'Delivery, open and click events of marketing emails.', [
    'event_id:id:pk', 'send_id:id', 'event_type:str:cat=delivered|open|click|bounce|unsubscribe', 'user_agent:str', 'event_at:ts',
  ]),
  S('ad_spend', 'crm', 'marketing', 'fact', 1_800, 'Daily paid media spend per campaign and ad platform.', [
    'spend_id:id:pk', 'campaign_id:id', 'ad_platform:str:cat=google_ads|meta|tiktok|pinterest', 'spend_date:date',
    'impressions:int', 'clicks:int', 'spend_amount:dec:num=0..95000~820', 'currency:str',
  ]),
  S('promotions', 'crm', 'marketing', 'dimension', 640, 'Promotions and their mechanics.', [
    'promotion_id:id:pk', 'promotion_name:str', 'promotion_type:str:cat=sitewide|category|bundle|loyalty',
    'discount_pct:dec:num=5..70~18', 'starts_at:ts', 'ends_at:ts', 'is_active:bool',
  ]),
  S('affiliates', 'crm', 'marketing', 'dimension', 950, 'Affiliate partners.', [
    'affiliate_id:id:pk', 'affiliate_name:str', 'contact_email:str:pii=EmailAddress', 'commission_rate:dec:num=1..20~6.5',
    'affiliate_status:str:cat=active|paused|terminated', 'joined_at:date',
  ]),
  S('support_tickets', 'crm', 'customer', 'fact', 4_100, 'Customer support tickets from email, chat and phone.', [
    'ticket_id:id:pk', 'customer_id:id', 'customer_email:str:pii=EmailAddress:opt=0.015', 'channel:str:cat=email|chat|phone|social',
    'category:str:cat=delivery|refund|product|account|payment', 'priority:str:cat=low|normal|high|urgent', 'ticket_status:str:cat=open|pending|solved|closed',
    'subject:str', 'created_at:ts', 'resolved_at:ts',
  ]),
  // clickstream (kafka)
  S('page_views', 'clickstream', 'digital', 'fact', 4_200_000, 'Page view events from the web shop.', [
    'event_id:str:pk', 'session_id:str', 'anonymous_id:str', 'customer_id:id', 'page_url:str',
    'page_type:str:cat=home|category|product|cart|checkout|search', 'referrer:str', 'device_type:str:cat=desktop|mobile|tablet', 'event_ts:ts',
  ]),
  S('web_sessions', 'clickstream', 'digital', 'fact', 1_100_000, 'Sessions built by the sessionizer service.', [
    'session_id:str:pk', 'anonymous_id:str', 'customer_id:id', 'landing_page:str', 'utm_source:str:cat=google|meta|email|direct|affiliate|tiktok',
    'utm_medium:str', 'utm_campaign:str', 'device_type:str:cat=desktop|mobile|tablet', 'page_view_count:int:num=1..400~4.8',
    'started_at:ts', 'ended_at:ts',
  ]),
  S('app_events', 'clickstream', 'digital', 'fact', 2_600_000, 'Events from the iOS and Android apps.', [
    'event_id:str:pk', 'anonymous_id:str', 'customer_id:id', 'event_name:str:cat=app_open|screen_view|add_to_cart|purchase|push_open',
    'app_version:str', 'os:str:cat=ios|android', 'event_ts:ts', 'properties:json',
  ]),
  S('search_queries', 'clickstream', 'digital', 'fact', 640_000, 'Site search queries and their results.', [
    'search_id:str:pk', 'session_id:str', 'query_text:str', 'results_count:int:num=0..5000~84', 'clicked_product_id:id', 'searched_at:ts',
  ]),
  S('add_to_cart_events', 'clickstream', 'digital', 'fact', 310_000, 'Add-to-cart events from web and app.', [
    'event_id:str:pk', 'session_id:str', 'customer_id:id', 'product_id:id', 'quantity:int', 'price:dec:num=1..3000~41', 'event_ts:ts',
  ]),
  S('checkout_events', 'clickstream', 'digital', 'fact', 150_000, 'Checkout funnel steps.', [
    'event_id:str:pk', 'session_id:str', 'customer_id:id', 'checkout_step:str:cat=shipping|payment|review|confirmation',
    'order_id:id', 'cart_value:dec:num=1..6000~92', 'event_ts:ts',
  ]),
  S('product_impressions', 'clickstream', 'digital', 'fact', 6_800_000, 'Products shown in lists and search results.', [
    'event_id:str:pk', 'session_id:str', 'product_id:id', 'list_name:str:cat=search|category|recommendations|home',
    'list_position:int:num=1..200~14', 'event_ts:ts',
  ]),
];

/** A silver model joining several silver/bronze inputs. Inputs name bronze tables (`bronze:<name>`). */
export interface SilverModel {
  name: string;
  domain: string;
  kind: 'fact' | 'dimension' | 'snapshot';
  /** The source table whose volume the model follows. */
  volumeOf: string;
  upstreams: readonly string[];
  description: string;
  columns: readonly string[];
  deprecated?: string;
}

// prettier-ignore
export const SILVER_MODELS: readonly SilverModel[] = [
  {
    name: 'orders_enriched',
    domain: 'sales',
    kind: 'fact',
    volumeOf: 'orders',
    upstreams: ['orders', 'order_items', 'payments', 'customers'],
    description: 'Orders with line totals, payment method and first-order flag; the base of sales reporting.',
    columns: [
      'order_id:id:pk', 'customer_id:id', 'store_id:id', 'channel:str:cat=web|app|store|marketplace',
      'order_status:str:cat=placed|paid|shipped|delivered|cancelled|returned', 'item_count:int', 'units:int',
      'gross_amount:dec', 'discount_amount:dec', 'net_amount:dec:num=0..2400~78.9', 'payment_method:str', 'is_first_order:bool',
      'ordered_at:ts', 'order_date:date',
    ],
  },
  {
    name: 'sessions_enriched',
    domain: 'digital',
    kind: 'fact',
    volumeOf: 'web_sessions',
    upstreams: ['web_sessions', 'page_views', 'add_to_cart_events', 'checkout_events'],
    description: 'Web and app sessions with page views, cart and checkout activity and conversion.',
    columns: [
      'session_id:str:pk', 'customer_id:id', 'utm_source:str:cat=google|meta|email|direct|affiliate|tiktok', 'utm_campaign:str',
      'device_type:str', 'page_views:int:num=1..400~4.8', 'product_views:int', 'added_to_cart:bool', 'converted:bool',
      'order_id:id', 'session_date:date',
    ],
  },
  {
    name: 'inventory_enriched',
    domain: 'supply-chain',
    kind: 'snapshot',
    volumeOf: 'inventory',
    upstreams: ['inventory', 'products', 'categories', 'warehouses'],
    description: 'Daily stock per product and warehouse with product attributes and available quantity.',
    columns: [
      'product_id:id', 'sku:str', 'product_name:str', 'category_name:str', 'warehouse_id:id', 'warehouse_name:str:cat=NJ1|PA2|TX1|CA3|IL1',
      'on_hand_qty:int:num=0..50000~118', 'reserved_qty:int', 'available_qty:int', 'days_of_cover:dec', 'snapshot_date:date',
    ],
  },
  {
    name: 'customers_legacy',
    domain: 'customer',
    kind: 'dimension',
    volumeOf: 'customers',
    upstreams: ['customers'],
    description: 'Old customer model from the 2021 warehouse migration.',
    deprecated: 'Replaced by silver customers (curated). Decommissioning at the end of the quarter; do not build new reports on it.',
    columns: [
      'customer_id:id:pk', 'email:str:pii=EmailAddress:opt=0.004', 'full_name:str:pii=FullName', 'phone:str:pii=PhoneNumber',
      'address:str:pii=PostalAddress', 'signup_date:date',
    ],
  },
];

export interface GoldModel {
  name: string;
  domain: string;
  /** Silver models it reads. */
  upstreams: readonly string[];
  cadence: 'daily' | 'weekly' | 'hourly';
  /** rows: cumulative table adding `inc` rows a day (US scale) on top of `initial` days of history. */
  inc: number;
  /** Daily partitions instead of a cumulative table. */
  partitioned?: boolean;
  description: string;
  terms?: readonly string[];
  slaCritical?: boolean;
  deprecated?: string;
  view?: boolean;
  columns: readonly string[];
}

// prettier-ignore
export const GOLD_MODELS: readonly GoldModel[] = [
  {
    name: 'daily_revenue_by_store', domain: 'sales', upstreams: ['orders_enriched', 'stores'], cadence: 'daily', inc: 180,
    description: 'Net revenue, orders and units per store and day. The source of the executive revenue dashboard.',
    terms: ['BusinessMetrics.NetRevenue', 'CoreEntities.Store'], slaCritical: true,
    columns: ['order_date:date', 'store_id:id', 'store_name:str', 'region:str:cat=northeast|south|midwest|west|online', 'orders:int',
      'units:int', 'gross_revenue:dec', 'discounts:dec', 'net_revenue:dec:num=0..900000~41000', 'avg_order_value:dec'],
  },
  {
    name: 'daily_orders_summary', domain: 'sales', upstreams: ['orders_enriched'], cadence: 'daily', inc: 4,
    description: 'Orders, customers and revenue per day and channel.', terms: ['CoreEntities.Order'],
    columns: ['order_date:date', 'channel:str:cat=web|app|store|marketplace', 'orders:int:num=100..40000~9500', 'customers:int',
      'net_revenue:dec', 'cancelled_orders:int'],
  },
  {
    name: 'average_order_value_daily', domain: 'sales', upstreams: ['orders_enriched'], cadence: 'daily', inc: 4, view: true,
    description: 'Average and median order value per day and channel.', terms: ['BusinessMetrics.AverageOrderValue'],
    columns: ['order_date:date', 'channel:str:cat=web|app|store|marketplace', 'aov:dec:num=20..300~79', 'median_order_value:dec'],
  },
  {
    name: 'customer_lifetime_value', domain: 'customer', upstreams: ['customers', 'orders_enriched'], cadence: 'daily', inc: 1300,
    description: 'Revenue to date and predicted 12-month value per customer.', terms: ['BusinessMetrics.CustomerLifetimeValue'],
    columns: ['customer_id:id:pk', 'email:str:pii=EmailAddress:opt=0.004', 'first_order_date:date', 'last_order_date:date',
      'orders_count:int', 'total_revenue:dec', 'predicted_clv_12m:dec:num=0..40000~310', 'clv_segment:str:cat=high|medium|low'],
  },
  {
    name: 'customer_360', domain: 'customer', upstreams: ['customers', 'customer_addresses', 'orders_enriched', 'loyalty_members', 'support_tickets'],
    cadence: 'daily', inc: 1300, description: 'One row per customer with profile, loyalty, orders and support history.',
    terms: ['CoreEntities.Customer'],
    columns: ['customer_id:id:pk', 'full_name:str:pii=FullName', 'email:str:pii=EmailAddress:opt=0.004', 'phone_number:str:pii=PhoneNumber',
      'city:str', 'loyalty_tier:str:cat=none|silver|gold|platinum', 'lifetime_orders:int', 'lifetime_revenue:dec:num=0..90000~420',
      'last_seen_at:ts', 'open_tickets:int'],
  },
  {
    name: 'customer_churn_scores', domain: 'customer', upstreams: ['customers', 'orders_enriched', 'sessions_enriched'], cadence: 'weekly',
    inc: 9000, description: 'Weekly churn probability per active customer.', terms: ['BusinessMetrics.ChurnRate'],
    columns: ['customer_id:id', 'churn_probability:dec:num=0..1~0.18', 'risk_band:str:cat=low|medium|high', 'days_since_last_order:int', 'scored_at:ts'],
  },
  {
    name: 'customer_segments', domain: 'customer', upstreams: ['customers', 'orders_enriched'], cadence: 'daily', inc: 1300,
    description: 'RFM segment per customer.',
    columns: ['customer_id:id:pk', 'segment:str:cat=vip|loyal|at_risk|new|dormant', 'rfm_score:int:num=111..555~322', 'assigned_at:ts'],
  },
  {
    name: 'marketing_attribution', domain: 'marketing', upstreams: ['sessions_enriched', 'orders_enriched', 'campaigns', 'ad_spend'],
    cadence: 'daily', inc: 88_000, partitioned: true,
    description: 'Orders attributed to marketing touchpoints under several attribution models.',
    terms: ['BusinessMetrics.ReturnOnAdSpend'],
    columns: ['order_id:id', 'session_id:str', 'touchpoint_channel:str:cat=paid_search|paid_social|email|affiliate|direct|organic',
      'campaign_id:id', 'attribution_model:str:cat=last_click|first_click|linear|data_driven', 'attributed_revenue:dec:num=0..2400~21',
      'conversion_date:date'],
  },
  {
    name: 'campaign_performance_daily', domain: 'marketing', upstreams: ['campaigns', 'ad_spend', 'email_events', 'orders_enriched'],
    cadence: 'daily', inc: 310, description: 'Spend, reach, attributed orders and ROAS per campaign and day.',
    terms: ['BusinessMetrics.ReturnOnAdSpend'],
    columns: ['report_date:date', 'campaign_id:id', 'channel:str:cat=email|paid_search|paid_social|display|affiliate', 'impressions:int',
      'clicks:int', 'spend:dec', 'attributed_orders:int', 'attributed_revenue:dec', 'roas:dec:num=0..40~3.1'],
  },
  {
    name: 'email_engagement_weekly', domain: 'marketing', upstreams: ['email_sends', 'email_events'], cadence: 'weekly', inc: 220,
    description: 'Weekly sends, opens, clicks and unsubscribes per campaign.',
    columns: ['week_start:date', 'campaign_id:id', 'sends:int', 'delivered:int', 'opens:int', 'clicks:int', 'unsubscribes:int',
      'open_rate:dec:num=0..1~0.23', 'click_rate:dec'],
  },
  {
    name: 'promotion_effectiveness', domain: 'marketing', upstreams: ['promotions', 'coupon_redemptions', 'coupons', 'orders_enriched'],
    cadence: 'daily', inc: 60, description: 'Redemptions, incremental revenue and cost per promotion and day.',
    columns: ['promotion_id:id', 'report_date:date', 'redemptions:int', 'incremental_revenue:dec:num=0..500000~8200', 'discount_cost:dec', 'lift_pct:dec'],
  },
  {
    name: 'web_funnel_daily', domain: 'digital', upstreams: ['sessions_enriched', 'checkout_events', 'orders_enriched'], cadence: 'daily',
    inc: 3, description: 'Session funnel from product view to order per device type.', terms: ['BusinessMetrics.ConversionRate'],
    columns: ['report_date:date', 'device_type:str:cat=desktop|mobile|tablet', 'sessions:int', 'product_view_sessions:int',
      'add_to_cart_sessions:int', 'checkout_sessions:int', 'orders:int', 'conversion_rate:dec:num=0..0.2~0.031'],
  },
  {
    name: 'site_traffic_hourly', domain: 'digital', upstreams: ['web_sessions', 'page_views'], cadence: 'hourly', inc: 24 * 18,
    description: 'Sessions, page views and bounce rate per hour, country and device.',
    columns: ['hour_ts:ts', 'country_code:str', 'device_type:str:cat=desktop|mobile|tablet', 'sessions:int', 'page_views:int:num=0..900000~9700',
      'bounce_rate:dec'],
  },
  {
    name: 'product_sales_daily', domain: 'product', upstreams: ['order_items', 'products', 'categories'], cadence: 'daily', inc: 21_000,
    description: 'Units and revenue per product and day.', terms: ['BusinessMetrics.GrossMerchandiseValue', 'CoreEntities.Product'],
    columns: ['sale_date:date', 'product_id:id', 'category_name:str', 'units:int:num=1..9000~4.6', 'revenue:dec', 'avg_selling_price:dec'],
  },
  {
    name: 'product_returns_rate', domain: 'product', upstreams: ['returns', 'order_items', 'products'], cadence: 'daily', inc: 3_000,
    description: 'Units sold and returned and the return rate per product and week.',
    columns: ['product_id:id', 'week_start:date', 'units_sold:int', 'units_returned:int', 'return_rate:dec:num=0..1~0.06'],
  },
  {
    name: 'review_sentiment_weekly', domain: 'product', upstreams: ['reviews', 'products'], cadence: 'weekly', inc: 7_000,
    description: 'Weekly review count, average rating and share of negative reviews per product.',
    columns: ['product_id:id', 'week_start:date', 'review_count:int', 'avg_rating:dec:num=1..5~4.1', 'negative_share:dec'],
  },
  {
    name: 'inventory_health', domain: 'supply-chain', upstreams: ['inventory_enriched'], cadence: 'daily', inc: 1_400,
    description: 'Stock, days of cover and overstock per warehouse and category.', terms: ['BusinessMetrics.DaysOfCover'],
    columns: ['snapshot_date:date', 'warehouse_id:id', 'category_name:str', 'sku_count:int', 'on_hand_units:int:num=0..9000000~61000',
      'days_of_cover:dec', 'overstock_skus:int'],
  },
  {
    name: 'stockout_risk_daily', domain: 'supply-chain', upstreams: ['inventory_enriched', 'order_items', 'products'], cadence: 'daily',
    inc: 12_000, description: 'Forecast demand and stock-out probability per product and warehouse.',
    columns: ['product_id:id', 'warehouse_id:id', 'report_date:date', 'available_qty:int', 'forecast_daily_demand:dec',
      'stockout_probability:dec:num=0..1~0.07', 'risk_band:str:cat=low|medium|high'],
  },
  {
    name: 'supplier_performance_weekly', domain: 'supply-chain', upstreams: ['suppliers', 'purchase_orders', 'purchase_order_lines'],
    cadence: 'weekly', inc: 1_900, description: 'On-time and fill rates and lead times per supplier and week.',
    terms: ['CoreEntities.Supplier'],
    columns: ['supplier_id:id', 'week_start:date', 'pos_received:int', 'on_time_rate:dec:num=0..1~0.87', 'fill_rate:dec', 'avg_lead_time_days:dec'],
  },
  {
    name: 'shipment_sla_daily', domain: 'supply-chain', upstreams: ['shipments', 'shipment_events'], cadence: 'daily', inc: 16,
    description: 'Shipments, on-time delivery rate and transit time per carrier and service level.',
    terms: ['BusinessMetrics.OnTimeDelivery', 'CoreEntities.Shipment'], slaCritical: true,
    columns: ['ship_date:date', 'carrier:str:cat=ups|fedex|usps|dhl', 'service_level:str', 'shipments:int:num=10..30000~2300',
      'on_time_rate:dec', 'avg_transit_hours:dec'],
  },
  {
    name: 'finance_revenue_recognition', domain: 'finance', upstreams: ['payments', 'refunds', 'invoices'], cadence: 'daily', inc: 8,
    description: 'Recognized and deferred revenue and refunds per posting date and account.', terms: ['BusinessMetrics.NetRevenue'],
    slaCritical: true,
    columns: ['posting_date:date', 'account_code:str:cat=4000|4100|4200', 'recognized_revenue:dec:num=0..9000000~1200000',
      'deferred_revenue:dec', 'refunds:dec'],
  },
  {
    name: 'gl_daily_balances', domain: 'finance', upstreams: ['gl_entries'], cadence: 'daily', inc: 420,
    description: 'Debits, credits and closing balance per account, cost center and day.',
    columns: ['balance_date:date', 'account_code:str:cat=4000|4100|4200|5000|5100|6100|6200|2100', 'cost_center:str', 'debit_total:dec',
      'credit_total:dec', 'closing_balance:dec:num=0..90000000~2100000'],
  },
  {
    name: 'payment_method_mix_daily', domain: 'finance', upstreams: ['payments'], cadence: 'daily', inc: 5,
    description: 'Transactions, amount and failure rate per payment method and day.',
    columns: ['payment_date:date', 'payment_method:str:cat=card|paypal|apple_pay|gift_card|bnpl', 'transactions:int:num=10..40000~7800',
      'amount:dec', 'failure_rate:dec'],
  },
  {
    name: 'refunds_daily', domain: 'finance', upstreams: ['refunds', 'returns'], cadence: 'daily', inc: 5,
    description: 'Refunds per reason and day.',
    columns: ['refund_date:date', 'reason:str:cat=return|damaged|late|goodwill|fraud', 'refunds:int:num=0..4000~380', 'refund_amount:dec', 'refund_rate:dec'],
  },
  {
    name: 'gift_card_liability', domain: 'finance', upstreams: ['gift_cards'], cadence: 'daily', inc: 1,
    description: 'Outstanding gift card balance and breakage estimate per day.',
    columns: ['as_of_date:date', 'outstanding_balance:dec:num=0..90000000~13000000', 'cards_outstanding:int', 'breakage_estimate:dec'],
  },
  {
    name: 'store_labor_productivity', domain: 'sales', upstreams: ['store_employees', 'orders_enriched', 'stores'], cadence: 'daily',
    inc: 180, description: 'Labour hours and revenue per labour hour per store and day.',
    columns: ['report_date:date', 'store_id:id', 'labor_hours:dec', 'employees_on_shift:int', 'revenue_per_labor_hour:dec:num=0..2000~310'],
  },
  {
    name: 'daily_sales_v1', domain: 'sales', upstreams: ['orders'], cadence: 'daily', inc: 180,
    description: 'First version of daily sales per store.',
    deprecated: 'Superseded by gold daily_revenue_by_store, which nets refunds and includes marketplace orders.',
    columns: ['sale_date:date', 'store_id:id', 'revenue:dec:num=0..900000~43000', 'orders:int'],
  },
];

export interface ChartDef {
  id: string;
  title: string;
  type: 'BAR' | 'LINE' | 'TABLE' | 'PIE' | 'AREA' | 'HISTOGRAM';
  inputs: readonly string[];
}

export interface DashboardDef {
  id: string;
  title: string;
  platform: 'looker' | 'tableau';
  domain: string;
  description: string;
  deprecated?: boolean;
  charts: readonly ChartDef[];
}

// prettier-ignore
export const DASHBOARDS: readonly DashboardDef[] = [
  {
    id: 'executive_sales_overview', title: 'Executive Sales Overview', platform: 'looker', domain: 'sales',
    description: 'Daily revenue, orders and AOV for the leadership team.',
    charts: [
      { id: 'net_revenue_by_store', title: 'Net revenue by store', type: 'BAR', inputs: ['daily_revenue_by_store'] },
      { id: 'orders_trend', title: 'Orders and revenue trend', type: 'LINE', inputs: ['daily_orders_summary'] },
      { id: 'aov_by_channel', title: 'Average order value by channel', type: 'LINE', inputs: ['average_order_value_daily'] },
      { id: 'recognized_revenue', title: 'Recognized revenue', type: 'LINE', inputs: ['finance_revenue_recognition'] },
    ],
  },
  {
    id: 'marketing_performance', title: 'Marketing Performance', platform: 'looker', domain: 'marketing',
    description: 'Attribution, campaign ROAS, email engagement and promotions.',
    charts: [
      { id: 'revenue_by_channel', title: 'Attributed revenue by channel', type: 'BAR', inputs: ['marketing_attribution'] },
      { id: 'campaign_roas', title: 'Campaign ROAS', type: 'TABLE', inputs: ['campaign_performance_daily'] },
      { id: 'email_engagement', title: 'Email open and click rates', type: 'LINE', inputs: ['email_engagement_weekly'] },
      { id: 'promotion_lift', title: 'Promotion lift', type: 'BAR', inputs: ['promotion_effectiveness'] },
    ],
  },
  {
    id: 'customer_insights', title: 'Customer Insights', platform: 'tableau', domain: 'customer',
    description: 'Customer value, segments and churn risk.',
    charts: [
      { id: 'clv_distribution', title: 'Customer lifetime value distribution', type: 'HISTOGRAM', inputs: ['customer_lifetime_value'] },
      { id: 'segments', title: 'Customer segments', type: 'PIE', inputs: ['customer_segments'] },
      { id: 'churn_risk', title: 'Churn risk bands', type: 'BAR', inputs: ['customer_churn_scores'] },
      { id: 'customer_lookup', title: 'Customer 360 lookup', type: 'TABLE', inputs: ['customer_360'] },
    ],
  },
  {
    id: 'supply_chain_control_tower', title: 'Supply Chain Control Tower', platform: 'tableau', domain: 'supply-chain',
    description: 'Stock health, stock-out risk, supplier and carrier performance.',
    charts: [
      { id: 'inventory_health', title: 'Inventory health by warehouse', type: 'AREA', inputs: ['inventory_health'] },
      { id: 'stockout_risk', title: 'Products at risk of stock-out', type: 'TABLE', inputs: ['stockout_risk_daily'] },
      { id: 'supplier_scorecard', title: 'Supplier scorecard', type: 'BAR', inputs: ['supplier_performance_weekly'] },
      { id: 'carrier_sla', title: 'Carrier on-time delivery', type: 'LINE', inputs: ['shipment_sla_daily'] },
    ],
  },
  {
    id: 'finance_daily_close', title: 'Finance Daily Close', platform: 'looker', domain: 'finance',
    description: 'Ledger balances, payment mix, refunds and gift card liability.',
    charts: [
      { id: 'gl_balances', title: 'GL balances', type: 'TABLE', inputs: ['gl_daily_balances'] },
      { id: 'payment_mix', title: 'Payment method mix', type: 'PIE', inputs: ['payment_method_mix_daily'] },
      { id: 'refunds_trend', title: 'Refunds by reason', type: 'LINE', inputs: ['refunds_daily'] },
      { id: 'gift_card_liability', title: 'Gift card liability', type: 'LINE', inputs: ['gift_card_liability'] },
    ],
  },
  {
    id: 'digital_funnel', title: 'Digital Funnel', platform: 'looker', domain: 'digital',
    description: 'Traffic and conversion funnel of the web shop and the app.',
    charts: [
      { id: 'funnel', title: 'Conversion funnel', type: 'BAR', inputs: ['web_funnel_daily'] },
      { id: 'traffic_hourly', title: 'Sessions per hour', type: 'LINE', inputs: ['site_traffic_hourly'] },
      { id: 'traffic_vs_orders', title: 'Traffic vs attributed orders', type: 'LINE', inputs: ['site_traffic_hourly', 'marketing_attribution'] },
    ],
  },
  {
    id: 'product_performance', title: 'Product Performance', platform: 'tableau', domain: 'product',
    description: 'Best sellers, returns and review sentiment.',
    charts: [
      { id: 'top_products', title: 'Top products by revenue', type: 'BAR', inputs: ['product_sales_daily'] },
      { id: 'return_rates', title: 'Return rates', type: 'TABLE', inputs: ['product_returns_rate'] },
      { id: 'review_sentiment', title: 'Review sentiment', type: 'LINE', inputs: ['review_sentiment_weekly'] },
    ],
  },
  {
    id: 'store_operations', title: 'Store Operations', platform: 'tableau', domain: 'sales',
    description: 'Store revenue and labour productivity.',
    charts: [
      { id: 'labor_productivity', title: 'Revenue per labour hour', type: 'BAR', inputs: ['store_labor_productivity'] },
      { id: 'store_revenue', title: 'Store revenue table', type: 'TABLE', inputs: ['daily_revenue_by_store', 'store_labor_productivity'] },
    ],
  },
  {
    id: 'legacy_sales_report', title: 'Legacy Sales Report', platform: 'looker', domain: 'sales', deprecated: true,
    description: 'Old daily sales report kept for finance reconciliation; replaced by Executive Sales Overview.',
    charts: [{ id: 'legacy_daily_sales', title: 'Daily sales (v1)', type: 'TABLE', inputs: ['daily_sales_v1'] }],
  },
];

/** Silver 1:1 models (same name as their source) that are the certified copy of core entities. */
// prettier-ignore
export const CERTIFIED_SILVER = new Set([
  'customers', 'orders', 'order_items', 'payments', 'products', 'stores', 'shipments', 'inventory_enriched', 'orders_enriched',
  'sessions_enriched', 'campaigns', 'suppliers',
]);

/** Silver models whose loads are monitored against an SLA. */
export const SLA_SILVER = new Set(['orders', 'payments', 'orders_enriched']);
