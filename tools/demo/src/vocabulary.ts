/** People, groups, domains, tags and the glossary of Acme Retail, the demo company. */

export const COMPANY = 'Acme Retail';
export const EMAIL_DOMAIN = 'acme-retail.com';

export interface DomainDef {
  id: string;
  name: string;
  description: string;
  /** Business owner (a user id) and the analytics group that serves the domain. */
  lead: string;
  group: string;
  analysts: readonly string[];
}

export const DOMAINS: readonly DomainDef[] = [
  {
    id: 'sales',
    name: 'Sales',
    description: 'Orders, revenue, stores and channel performance across web, app, marketplace and stores.',
    lead: 'james.carter',
    group: 'sales-analytics',
    analysts: ['aisha.rahman', 'james.carter'],
  },
  {
    id: 'marketing',
    name: 'Marketing',
    description:
      'Campaigns, email, paid media, promotions and attribution of revenue to marketing touchpoints.',
    lead: 'olivia.chen',
    group: 'marketing-analytics',
    analysts: ['ravi.menon', 'emma.dubois'],
  },
  {
    id: 'finance',
    name: 'Finance',
    description: 'Payments, refunds, invoicing, general ledger and revenue recognition.',
    lead: 'robert.nguyen',
    group: 'finance-analytics',
    analysts: ['grace.liu'],
  },
  {
    id: 'supply-chain',
    name: 'Supply Chain',
    description: 'Suppliers, purchase orders, warehouses, inventory and shipments to customers.',
    lead: 'miguel.santos',
    group: 'supply-chain-analytics',
    analysts: ['yuki.tanaka'],
  },
  {
    id: 'customer',
    name: 'Customer',
    description: 'Customer profiles, addresses, loyalty, support and customer value. Contains personal data.',
    lead: 'chloe.martin',
    group: 'customer-insights',
    analysts: ['samuel.osei'],
  },
  {
    id: 'product',
    name: 'Product',
    description: 'Product catalogue, categories, prices, reviews and merchandising performance.',
    lead: 'nina.petrova',
    group: 'product-analytics',
    analysts: ['leo.rossi'],
  },
  {
    id: 'digital',
    name: 'Digital',
    description: 'Clickstream from the web shop and mobile app: page views, sessions, searches and funnels.',
    lead: 'emma.dubois',
    group: 'marketing-analytics',
    analysts: ['ravi.menon'],
  },
];

export interface UserDef {
  id: string;
  first: string;
  last: string;
  title: string;
  department: string;
  groups: readonly string[];
}

// prettier-ignore
export const USERS: readonly UserDef[] = [
  { id: 'priya.natarajan', first: 'Priya', last: 'Natarajan', title: 'Staff Data Engineer', department: 'Data Platform', groups: ['data-platform'] },
  { id: 'marcus.webb', first: 'Marcus', last: 'Webb', title: 'Senior Data Engineer', department: 'Data Platform', groups: ['data-platform'] },
  { id: 'lena.fischer', first: 'Lena', last: 'Fischer', title: 'Data Engineer', department: 'Data Platform', groups: ['data-platform'] },
  { id: 'tom.okafor', first: 'Tom', last: 'Okafor', title: 'Platform Engineer', department: 'Data Platform', groups: ['data-platform'] },
  { id: 'sofia.alvarez', first: 'Sofia', last: 'Alvarez', title: 'Analytics Engineering Lead', department: 'Analytics Engineering', groups: ['analytics-engineering'] },
  { id: 'daniel.kim', first: 'Daniel', last: 'Kim', title: 'Analytics Engineer', department: 'Analytics Engineering', groups: ['analytics-engineering'] },
  { id: 'hannah.berg', first: 'Hannah', last: 'Berg', title: 'Analytics Engineer', department: 'Analytics Engineering', groups: ['analytics-engineering'] },
  { id: 'james.carter', first: 'James', last: 'Carter', title: 'Director, Sales Analytics', department: 'Sales', groups: ['sales-analytics'] },
  { id: 'aisha.rahman', first: 'Aisha', last: 'Rahman', title: 'Sales Analyst', department: 'Sales', groups: ['sales-analytics'] },
  { id: 'olivia.chen', first: 'Olivia', last: 'Chen', title: 'VP Marketing Analytics', department: 'Marketing', groups: ['marketing-analytics'] },
  { id: 'ravi.menon', first: 'Ravi', last: 'Menon', title: 'Marketing Analyst', department: 'Marketing', groups: ['marketing-analytics'] },
  { id: 'emma.dubois', first: 'Emma', last: 'Dubois', title: 'Growth Analytics Manager', department: 'Marketing', groups: ['marketing-analytics'] },
  { id: 'robert.nguyen', first: 'Robert', last: 'Nguyen', title: 'Financial Controller', department: 'Finance', groups: ['finance-analytics'] },
  { id: 'grace.liu', first: 'Grace', last: 'Liu', title: 'FP&A Analyst', department: 'Finance', groups: ['finance-analytics'] },
  { id: 'miguel.santos', first: 'Miguel', last: 'Santos', title: 'Supply Chain Analytics Manager', department: 'Supply Chain', groups: ['supply-chain-analytics'] },
  { id: 'yuki.tanaka', first: 'Yuki', last: 'Tanaka', title: 'Inventory Analyst', department: 'Supply Chain', groups: ['supply-chain-analytics'] },
  { id: 'chloe.martin', first: 'Chloe', last: 'Martin', title: 'Customer Insights Lead', department: 'Customer', groups: ['customer-insights'] },
  { id: 'samuel.osei', first: 'Samuel', last: 'Osei', title: 'CRM Analyst', department: 'Customer', groups: ['customer-insights'] },
  { id: 'nina.petrova', first: 'Nina', last: 'Petrova', title: 'Product Analytics Manager', department: 'Product', groups: ['product-analytics'] },
  { id: 'leo.rossi', first: 'Leo', last: 'Rossi', title: 'Merchandising Analyst', department: 'Product', groups: ['product-analytics'] },
  { id: 'fatima.haddad', first: 'Fatima', last: 'Haddad', title: 'Data Governance Lead', department: 'Data Governance', groups: ['data-governance'] },
  { id: 'ben.walsh', first: 'Ben', last: 'Walsh', title: 'Data Steward', department: 'Data Governance', groups: ['data-governance', 'customer-insights'] },
];

/** Service accounts that run the pipelines (actors of operations). */
export const SERVICE_USERS = [
  { id: 'svc_airflow', displayName: 'Airflow service account' },
  { id: 'svc_dbt', displayName: 'dbt Cloud service account' },
] as const;

export interface GroupDef {
  id: string;
  name: string;
  description: string;
  admin: string;
}

// prettier-ignore
export const GROUPS: readonly GroupDef[] = [
  { id: 'data-platform', name: 'Data Platform', description: 'Runs ingestion, the lake and the warehouse.', admin: 'priya.natarajan' },
  { id: 'analytics-engineering', name: 'Analytics Engineering', description: 'Owns the dbt project: silver and gold models.', admin: 'sofia.alvarez' },
  { id: 'sales-analytics', name: 'Sales Analytics', description: 'Revenue, store and channel reporting.', admin: 'james.carter' },
  { id: 'marketing-analytics', name: 'Marketing Analytics', description: 'Campaign measurement, attribution and digital analytics.', admin: 'olivia.chen' },
  { id: 'finance-analytics', name: 'Finance Analytics', description: 'Close, revenue recognition and payments reporting.', admin: 'robert.nguyen' },
  { id: 'supply-chain-analytics', name: 'Supply Chain Analytics', description: 'Inventory, suppliers and fulfilment.', admin: 'miguel.santos' },
  { id: 'customer-insights', name: 'Customer Insights', description: 'Customer value, segmentation and CRM.', admin: 'chloe.martin' },
  { id: 'product-analytics', name: 'Product Analytics', description: 'Assortment, pricing and product performance.', admin: 'nina.petrova' },
  { id: 'data-governance', name: 'Data Governance', description: 'Stewards of personal data, glossary and access policies.', admin: 'fatima.haddad' },
];

export const DATA_PLATFORM_ENGINEERS = [
  'priya.natarajan',
  'marcus.webb',
  'lena.fischer',
  'tom.okafor',
] as const;
export const ANALYTICS_ENGINEERS = ['sofia.alvarez', 'daniel.kim', 'hannah.berg'] as const;
export const STEWARDS = ['fatima.haddad', 'ben.walsh'] as const;

export interface TagDef {
  id: string;
  name: string;
  description: string;
  color: string;
}

// prettier-ignore
export const TAGS: readonly TagDef[] = [
  { id: 'PII', name: 'PII', description: 'Contains personally identifiable information; access is restricted.', color: '#D0021B' },
  { id: 'Deprecated', name: 'Deprecated', description: 'Scheduled for removal; use the replacement named in the deprecation note.', color: '#9B9B9B' },
  { id: 'SLA-Critical', name: 'SLA-critical', description: 'Feeds executive or regulatory reporting; loads are monitored against an SLA.', color: '#F5A623' },
  { id: 'Bronze', name: 'Bronze', description: 'Layer: raw landing copies of source systems, as delivered.', color: '#CD7F32' },
  { id: 'Silver', name: 'Silver', description: 'Layer: cleaned, typed and deduplicated models, one per business entity.', color: '#C0C0C0' },
  { id: 'Gold', name: 'Gold', description: 'Layer: curated aggregates and marts for reporting and analysis.', color: '#FFD700' },
  { id: 'Certified', name: 'Certified', description: 'Curated and reviewed; the preferred copy of this data.', color: '#417505' },
  { id: 'Streaming', name: 'Streaming', description: 'Fed continuously from Kafka.', color: '#4A90E2' },
];

export interface TermDef {
  id: string;
  name: string;
  definition: string;
}

export interface GlossaryNodeDef {
  id: string;
  name: string;
  definition: string;
  terms: readonly TermDef[];
}

// prettier-ignore
export const GLOSSARY: readonly GlossaryNodeDef[] = [
  {
    id: 'PersonalInformation',
    name: 'Personal Information',
    definition: 'Data that identifies a person. Classified as PII and subject to the data protection policy.',
    terms: [
      { id: 'EmailAddress', name: 'Email Address', definition: "A person's email address. PII." },
      { id: 'PhoneNumber', name: 'Phone Number', definition: "A person's telephone number in any format. PII." },
      { id: 'FullName', name: 'Full Name', definition: "A person's given name, family name or both. PII." },
      { id: 'PostalAddress', name: 'Postal Address', definition: 'A street address, city and postal code of a person. PII.' },
      { id: 'DateOfBirth', name: 'Date of Birth', definition: "A person's date of birth. PII." },
      { id: 'PaymentCard', name: 'Payment Card', definition: 'Payment card data (PAN fragments, BIN, card hashes). PII and PCI scope.' },
    ],
  },
  {
    id: 'BusinessMetrics',
    name: 'Business Metrics',
    definition: 'Agreed definitions of the metrics used in company reporting.',
    terms: [
      { id: 'NetRevenue', name: 'Net Revenue', definition: 'Order value after discounts, excluding tax and shipping, net of refunds.' },
      { id: 'GrossMerchandiseValue', name: 'Gross Merchandise Value', definition: 'Total value of items sold before discounts and returns.' },
      { id: 'AverageOrderValue', name: 'Average Order Value', definition: 'Net revenue divided by the number of orders.' },
      { id: 'CustomerLifetimeValue', name: 'Customer Lifetime Value', definition: 'Predicted net revenue from a customer over the next 12 months plus revenue to date.' },
      { id: 'ChurnRate', name: 'Churn Rate', definition: 'Share of active customers who place no order for 180 days.' },
      { id: 'ConversionRate', name: 'Conversion Rate', definition: 'Sessions with an order divided by all sessions.' },
      { id: 'ReturnOnAdSpend', name: 'Return on Ad Spend', definition: 'Attributed revenue divided by media spend.' },
      { id: 'OnTimeDelivery', name: 'On-Time Delivery', definition: 'Share of shipments delivered by the promised date.' },
      { id: 'DaysOfCover', name: 'Days of Cover', definition: 'Available stock divided by forecast daily demand.' },
    ],
  },
  {
    id: 'CoreEntities',
    name: 'Core Entities',
    definition: 'The business entities the data describes.',
    terms: [
      { id: 'Customer', name: 'Customer', definition: 'A person or business with an account that has placed or may place orders.' },
      { id: 'Order', name: 'Order', definition: 'A confirmed purchase of one or more items, in any channel.' },
      { id: 'Product', name: 'Product', definition: 'A sellable item identified by a SKU.' },
      { id: 'Store', name: 'Store', definition: 'A physical or online point of sale.' },
      { id: 'Supplier', name: 'Supplier', definition: 'A vendor Acme Retail buys products from.' },
      { id: 'Shipment', name: 'Shipment', definition: 'A parcel sent from a warehouse to a customer.' },
    ],
  },
];

export const termUrn = (node: string, term: string): string => `urn:li:glossaryTerm:${node}.${term}`;
export const piiTermUrn = (term: string): string => termUrn('PersonalInformation', term);
export const tagUrn = (id: string): string => `urn:li:tag:${id}`;
export const userUrn = (id: string): string => `urn:li:corpuser:${id}`;
export const groupUrn = (id: string): string => `urn:li:corpGroup:${id}`;
export const domainUrn = (id: string): string => `urn:li:domain:${id}`;

export function domainById(id: string): DomainDef {
  const d = DOMAINS.find((x) => x.id === id);
  if (!d) throw new Error(`unknown demo domain ${id}`);
  return d;
}

/** Descriptions for column names that recur across tables (used where a column is documented). */
export const COLUMN_DOCS: Readonly<Record<string, string>> = {
  customer_id: 'Identifier of the customer account.',
  order_id: 'Identifier of the order.',
  order_item_id: 'Identifier of the order line.',
  product_id: 'Identifier of the product.',
  store_id: 'Identifier of the store (online stores included).',
  warehouse_id: 'Identifier of the fulfilment warehouse.',
  supplier_id: 'Identifier of the supplier.',
  campaign_id: 'Identifier of the marketing campaign.',
  session_id: 'Identifier of the web or app session.',
  payment_id: 'Identifier of the payment transaction.',
  shipment_id: 'Identifier of the shipment.',
  email: 'Email address of the customer.',
  email_address: 'Email address the message was sent to.',
  customer_email: 'Email address of the customer at the time of the event.',
  contact_email: 'Email address of the business contact.',
  phone_number: 'Phone number of the customer, E.164 format.',
  contact_phone: 'Phone number of the business contact.',
  first_name: 'Given name.',
  last_name: 'Family name.',
  full_name: 'Full name as entered by the person.',
  date_of_birth: 'Date of birth, used for age checks and birthday offers.',
  address_line1: 'First line of the street address.',
  address_line2: 'Second line of the street address.',
  postal_code: 'Postal or ZIP code.',
  shipping_address: 'Delivery address of the shipment.',
  card_last4: 'Last four digits of the payment card.',
  card_bin: 'Bank identification number (first six digits) of the card.',
  card_number_hash: 'Salted hash of the gift card number.',
  channel: 'Sales or marketing channel.',
  order_status: 'Lifecycle status of the order.',
  status: 'Current status.',
  order_total: 'Order value including tax and shipping, in the order currency.',
  net_revenue: 'Revenue after discounts and refunds, excluding tax and shipping.',
  gross_revenue: 'Revenue before discounts, excluding tax and shipping.',
  currency: 'ISO 4217 currency code.',
  created_at: 'When the record was created (UTC).',
  updated_at: 'When the record was last updated (UTC).',
  ordered_at: 'When the order was placed (UTC).',
  quantity: 'Number of units.',
  unit_price: 'Price of one unit at the time of sale.',
  list_price: 'Current list price of the product.',
  amount: 'Amount in the transaction currency.',
  tracking_number: 'Carrier tracking number; present once the carrier accepts the parcel.',
  carrier: 'Carrier that transports the parcel.',
  sku: 'Stock keeping unit.',
  order_date: 'Calendar date of the order in the store time zone.',
  report_date: 'Calendar date the row reports on.',
  week_start: 'Monday of the reported week.',
  _ingested_at: 'When the ingestion job wrote the record to the lake.',
  _loaded_at: 'When dbt loaded the record into this model.',
  _source_file: 'Lake object the record was read from.',
};
