import { describe, expect, it } from 'vitest';
import { classifyPii, nameTokens } from './pii.js';

const col = (fieldPath: string, table = 'customers', type = 'STRING', sampleValues?: string[]) => ({
  fieldPath,
  table,
  type,
  ...(sampleValues && { sampleValues }),
});

describe('classifyPii', () => {
  it('reads PII kinds from names, with the table saying whose name a `name` is', () => {
    expect(classifyPii(col('customer_email'))?.kind).toBe('email');
    expect(classifyPii(col('PhoneNumber'))?.kind).toBe('phone');
    expect(classifyPii(col('cust_first_name'))?.kind).toBe('person_name');
    expect(classifyPii(col('name', 'employees'))?.kind).toBe('person_name');
    expect(classifyPii(col('name', 'products'))).toBeNull();
    expect(classifyPii(col('shipping_address_line1'))?.kind).toBe('address');
    expect(classifyPii(col('client_ip'))?.kind).toBe('ip_address');
    expect(classifyPii(col('ssn'))?.kind).toBe('national_id');
    expect(classifyPii(col('date_of_birth', 'patients', 'DATE'))?.kind).toBe('date_of_birth');
    expect(classifyPii(col('card_number'))?.kind).toBe('payment_card');
  });

  it('leaves business contacts, ids and flags alone', () => {
    expect(classifyPii(col('store_phone', 'stores'))).toBeNull();
    expect(classifyPii(col('email_verified', 'users', 'BOOLEAN'))).toBeNull();
    expect(classifyPii(col('address_id'))).toBeNull();
    expect(classifyPii(col('product_name'))).toBeNull();
    expect(classifyPii(col('user_name', 'users'))).toBeNull();
    expect(classifyPii(col('mailshot_name'))).toBeNull();
  });

  it('finds a column whose name says nothing by its sample values, checked by validator.js and libphonenumber', () => {
    const emails = ['ann@example.com', 'bo@example.org', 'cy@example.net'];
    expect(classifyPii(col('contact', 'leads', 'STRING', emails))).toMatchObject({
      kind: 'email',
      confidence: 0.9,
    });
    // Valid card numbers pass Luhn; one digit changed does not.
    const cards = ['4111111111111111', '5500 0000 0000 0004', '340000000000009'];
    expect(classifyPii(col('pan_token_x', 'payments', 'STRING', cards))?.kind).toBe('payment_card');
    expect(
      classifyPii(
        col('ref', 'payments', 'STRING', ['4111111111111112', '5500000000000005', '340000000000008']),
      ),
    ).toBeNull();
    expect(classifyPii(col('src', 'logs', 'STRING', ['10.0.0.1', '192.168.1.20', '2001:db8::1']))?.kind).toBe(
      'ip_address',
    );
    expect(
      classifyPii(col('x', 'calls', 'STRING', ['+1 415 555 2671', '(212) 555-0100', '+44 20 7946 0958']))
        ?.kind,
    ).toBe('phone');
  });

  it('is surer when the values confirm the name, and refuses when they contradict it', () => {
    expect(classifyPii(col('email', 'users', 'STRING', ['a@x.io', 'b@y.io', 'c@z.io']))?.confidence).toBe(
      0.97,
    );
    expect(classifyPii(col('email', 'users', 'STRING', ['10.0.0.1', '10.0.0.2', '10.0.0.3']))).toBeNull();
  });
});

describe('classifyPii beyond the bare name', () => {
  it("tells a business unit's contact columns from a person's by the table", () => {
    expect(classifyPii(col('DPhone', 'Department'))).toBeNull();
    expect(classifyPii(col('Address', 'Locations'))).toBeNull();
    expect(classifyPii(col('manager_phone', 'Department'))?.kind).toBe('phone');
    expect(classifyPii(col('other_address_details', 'Addresses'))).toBeNull();
  });

  it('reads middle initials, contact numbers, role pairs and person words inside table names', () => {
    expect(classifyPii(col('customer_middle_initial'))?.kind).toBe('person_name');
    expect(classifyPii(col('contact_number', 'customer_contact_channels'))?.kind).toBe('phone');
    expect(classifyPii(col('Author_or_Editor', 'book_club'))?.kind).toBe('person_name');
    expect(classifyPii(col('name', 'useracct'))?.kind).toBe('person_name');
    expect(classifyPii(col('Name', 'technician'))?.kind).toBe('person_name');
    expect(classifyPii(col('name', 'accounting_period'))).toBeNull();
  });

  it('accepts postcodes stored as numbers but no other personal text in a number column', () => {
    expect(classifyPii(col('billing_zipcode', 'orders', 'NUMBER(38,0)'))?.kind).toBe('address');
    expect(classifyPii(col('customer_email', 'orders', 'BIGINT'))).toBeNull();
  });

  it('reads a description when the name says nothing, but not one about a flag or a key', () => {
    const described = (fieldPath: string, description: string) => ({ ...col(fieldPath), description });
    expect(classifyPii(described('contact', 'Customer e-mail address'))?.kind).toBe('email');
    expect(classifyPii(described('dob2', 'Date of birth of the account holder'))?.kind).toBe('date_of_birth');
    expect(
      classifyPii(described('mailshot', 'Flag: customer opted in to marketing email address use')),
    ).toBeNull();
    expect(classifyPii(described('billing_address_id', 'Reference to the postal code table'))).toBeNull();
    expect(classifyPii(described('notes', 'Free text'))).toBeNull();
  });
});

describe('classifyPii with abbreviations, titles and the table as subject', () => {
  it('expands abbreviations and drops trailing digits before reading a name', () => {
    expect(classifyPii(col('EMP_INITIAL', 'EMPLOYEE'))?.kind).toBe('person_name');
    expect(classifyPii(col('Minit', 'employee'))?.kind).toBe('person_name');
    expect(classifyPii(col('Bdate', 'employee'))?.kind).toBe('date_of_birth');
    expect(classifyPii(col('Essn', 'works_on', 'NUMBER'))?.kind).toBe('national_id');
    expect(classifyPii(col('address2', 'address'))?.kind).toBe('address');
    expect(classifyPii(col('pName', 'Player'))?.kind).toBe('person_name');
    // A one-letter prefix that is not the table's initial is not dropped.
    expect(classifyPii(col('pName', 'Product'))).toBeNull();
    // `class_name` holds "ssn" across words, not as an SSN token.
    expect(classifyPii(col('class_name', 'courses'))).toBeNull();
  });

  it('reads postcodes named with "code" and the street lines of an addresses table', () => {
    expect(classifyPii(col('zip_code', 'Owners'))?.kind).toBe('address');
    expect(classifyPii(col('line_1_number_building', 'Addresses'))?.kind).toBe('address');
    expect(classifyPii(col('line_2', 'orders'))).toBeNull();
    expect(classifyPii(col('country_code', 'Owners'))).toBeNull();
  });

  it("reads titles and `<verb>_by` columns as people's names, but not audit columns", () => {
    expect(classifyPii(col('Lieutenant_Governor', 'party'))?.kind).toBe('person_name');
    expect(classifyPii(col('Attorney_General', 'party'))?.kind).toBe('person_name');
    expect(classifyPii(col('Directed_by', 'film'))?.kind).toBe('person_name');
    expect(classifyPii(col('created_by', 'orders'))).toBeNull();
    expect(classifyPii(col('Directed_by', 'film', 'NUMBER'))).toBeNull();
    expect(classifyPii(col('general_notes', 'party'))).toBeNull();
  });

  it("takes a table's subject from its last word that is not a filler", () => {
    expect(classifyPii(col('name', 'user_profiles'))?.kind).toBe('person_name');
    expect(classifyPii(col('name', 'Web_client_accelerator'))).toBeNull();
    expect(classifyPii(col('Nickname', 'school_details'))).toBeNull();
    expect(classifyPii(col('truck_licence_number', 'Trucks'))).toBeNull();
    expect(classifyPii(col('driver_licence_number', 'drivers'))?.kind).toBe('national_id');
  });
});

describe('nameTokens', () => {
  it('splits camel case, snake case and dotted paths alike', () => {
    expect(nameTokens('customerEmail')).toEqual(['customer', 'email']);
    expect(nameTokens('CUSTOMER_EMAIL')).toEqual(['customer', 'email']);
    expect(nameTokens('address.zip-code')).toEqual(['zip', 'code']);
  });
});

describe('classifyPii on schemas it was not written for', () => {
  const inTable = (fieldPath: string, table: string, siblings: string[], type = 'varchar') => ({
    fieldPath,
    table,
    type,
    siblings,
  });

  it('reads the last noun of a name: a column about an e-mail, a phone or an address is not one', () => {
    expect(classifyPii(col('EmailBouncedReason', 'Contact'))).toBeNull();
    expect(classifyPii(col('address_country'))).toBeNull();
    expect(classifyPii(col('billing_details_address_city', 'payment_methods'))).toBeNull();
    expect(classifyPii(col('name_format', 'user_settings'))).toBeNull();
    expect(classifyPii(col('phone_count', 'accounts', 'integer'))).toBeNull();
    expect(classifyPii(col('has_email', 'users', 'tinyint'))).toBeNull();
    expect(classifyPii(col('phone_number_type', 'contacts'))).toBeNull();
    expect(classifyPii(col('mail_server_address', 'smtp_settings'))).toBeNull();
    // The value words that may follow keep the kind.
    expect(classifyPii(col('email_address'))?.kind).toBe('email');
    expect(classifyPii(col('home_phone_number'))?.kind).toBe('phone');
    expect(classifyPii(col('address_line_2'))?.kind).toBe('address');
    expect(classifyPii(col('birth_date', 'customers', 'date'))?.kind).toBe('date_of_birth');
  });

  it('tags no name, e-mail or address in a number, boolean or date column, and no IP outside an IP type', () => {
    expect(classifyPii(col('email', 'users', 'boolean'))).toBeNull();
    expect(classifyPii(col('start_address', 'memory_regions', 'bigint'))).toBeNull();
    expect(classifyPii(col('last_name', 'users', 'timestamp'))).toBeNull();
    expect(classifyPii(col('phone', 'users', 'bigint'))?.kind).toBe('phone');
    // Power BI types every number as a double: a postcode there is still a postcode.
    expect(classifyPii(col('BILLING_ZIPCODE', 'ORDER_DETAILS', 'Double'))?.kind).toBe('address');
    expect(classifyPii(col('last_sign_in_ip', 'users', 'inet'))?.kind).toBe('ip_address');
  });

  it('gives names only to people: not to repositories, prices, groups, hosts or directories', () => {
    expect(classifyPii(col('full_name', 'repositories'))).toBeNull();
    expect(classifyPii(col('nickname', 'prices'))).toBeNull();
    expect(classifyPii(col('CommunityNickname', 'User'))).toBeNull();
    expect(classifyPii(col('name', 'auth_group'))).toBeNull();
    expect(classifyPii(col('directory_name', 'cwd_directory'))).toBeNull();
    expect(classifyPii(col('name', 'teams'))).toBeNull();
    expect(classifyPii(col('name', 'companies'))).toBeNull();
    expect(classifyPii(col('full_name', 'customers'))?.kind).toBe('person_name');
    // A display name is what a user picks to be shown by, like a handle: no personal name by the rubric.
    expect(classifyPii(col('display_name', 'cwd_user'))).toBeNull();
    expect(classifyPii(col('nick_name', 'members'))).toBeNull();
    expect(classifyPii(col('shipping_name', 'orders'))?.kind).toBe('person_name');
    expect(classifyPii(col('billing_details_name', 'charges'))?.kind).toBe('person_name');
    expect(classifyPii(col('shipping_agent_name', 'Ref_Shipping_Agents'))).toBeNull();
    expect(classifyPii(col('primary_physician', 'patients'))?.kind).toBe('person_name');
  });

  it('reads an ambiguous table (a host, an agent, a client) from its other columns', () => {
    expect(classifyPii(inTable('name', 'hosts', ['id', 'address', 'port', 'os']))).toBeNull();
    expect(classifyPii(inTable('name', 'host', ['Host_ID', 'Nationality', 'Age']))?.kind).toBe('person_name');
    expect(classifyPii(inTable('name', 'oauth_clients', ['id', 'secret', 'redirect_uri']))).toBeNull();
    expect(classifyPii(col('name', 'host'))).toBeNull();
    // One attribute that ships and companies have too is not enough.
    expect(classifyPii(inTable('Name', 'ship', ['Ship_ID', 'Type', 'Nationality', 'Tonnage']))).toBeNull();
    expect(classifyPii(inTable('name', 'person_records', ['id', 'gender']))?.kind).toBe('person_name');
  });

  it("leaves an organisation's, a machine's or a group's contacts alone, but not a person's IP", () => {
    expect(classifyPii(inTable('Phone', 'Account', ['Name', 'Website', 'Industry']))).toBeNull();
    expect(classifyPii(inTable('BillingStreet', 'Account', ['Name', 'Website']))).toBeNull();
    expect(classifyPii(col('address_line1', 'warehouses'))).toBeNull();
    expect(classifyPii(col('ip_address', 'servers'))).toBeNull();
    expect(classifyPii(col('address', 'network_interfaces'))).toBeNull();
    expect(classifyPii(col('email', 'mailing_lists'))).toBeNull();
    expect(classifyPii(col('date_of_birth', 'Dogs', 'date'))).toBeNull();
    expect(classifyPii(inTable('customer_ip', 'orders', ['id', 'total', 'shipping_phone']))?.kind).toBe(
      'ip_address',
    );
    expect(classifyPii(inTable('shipping_phone', 'orders', ['id', 'customer_ip']))?.kind).toBe('phone');
  });

  it("tells a login's name from a person's own", () => {
    expect(classifyPii(col('user_real_name', 'user'))?.kind).toBe('person_name');
    expect(classifyPii(col('user_name', 'user'))).toBeNull();
    expect(classifyPii(col('account_holder_name', 'accounts'))?.kind).toBe('person_name');
    // Beside a real name, a plain `name` is the login; beside a surname it is the given name.
    expect(classifyPii(inTable('Name', 'Users', ['id', 'RealName', 'EmailAddress']))).toBeNull();
    expect(classifyPii(inTable('name', 'users', ['alias', 'surname']))?.kind).toBe('person_name');
    expect(classifyPii(col('membername', 'queue_members'))?.kind).toBe('person_name');
    expect(classifyPii(col('hostname', 'servers'))).toBeNull();
  });

  it('reads a bare `address` as postal only where people, streets or postcodes are', () => {
    expect(classifyPii(col('address', 'customers'))?.kind).toBe('address');
    expect(classifyPii(inTable('address', 'orders', ['id', 'city', 'zip']))?.kind).toBe('address');
    expect(classifyPii(col('address', 'hosts'))).toBeNull();
    expect(classifyPii(col('ipb_address', 'ipblocks'))).toBeNull();
    // A pager's address is no postal address: it is the number the pager is reached at.
    expect(classifyPii(col('pager_address', 'contacts'))?.kind).toBe('phone');
    expect(classifyPii(col('bind_address', 'listeners'))).toBeNull();
    expect(classifyPii(col('home_address', 'employees'))?.kind).toBe('address');
  });

  it("reads an IP as a person's except in a table of hosts, agents or clients", () => {
    expect(classifyPii(col('ip', 'hosts'))).toBeNull();
    expect(classifyPii(col('ip', 'sessions'))?.kind).toBe('ip_address');
    expect(classifyPii(col('rc_ip', 'recentchanges'))?.kind).toBe('ip_address');
  });

  it('reads credits as names but workflow steps as accounts', () => {
    expect(classifyPii(col('Written_by', 'Cartoon'))?.kind).toBe('person_name');
    expect(classifyPii(col('assigned_by', 'tickets'))).toBeNull();
    expect(classifyPii(col('resolved_by', 'tickets'))).toBeNull();
    expect(classifyPii(col('bday', 'vcard', 'date'))?.kind).toBe('date_of_birth');
  });

  it('reads tax numbers of the record, not keys of records with "tax" in their name', () => {
    expect(classifyPii(col('tax_id', 'employees'))?.kind).toBe('national_id');
    expect(classifyPii(col('tax_file_number', 'employees'))?.kind).toBe('national_id');
    expect(classifyPii(col('national_insurance_number', 'employees'))?.kind).toBe('national_id');
    expect(classifyPii(col('council_tax_id', 'Rent_Arrears', 'number'))).toBeNull();
  });
});

describe('classifyPii with sample values against the name', () => {
  it('drops a name that the sampled values refute, and keeps one they could be', () => {
    expect(classifyPii(col('phone', 'users', 'STRING', ['true', 'false', 'true']))).toBeNull();
    expect(classifyPii(col('email', 'users', 'STRING', ['17', '42', '99']))).toBeNull();
    expect(classifyPii(col('name', 'customers', 'STRING', ['1001', '1002', '1003']))).toBeNull();
    expect(classifyPii(col('date_of_birth', 'patients', 'STRING', ['yes', 'no', 'unknown']))).toBeNull();
    // Masked and partial values still look like their kind.
    expect(
      classifyPii(col('email', 'users', 'STRING', ['j***@x.com', 'a***@y.org', 'c***@z.net']))?.kind,
    ).toBe('email');
    expect(
      classifyPii(col('card_number', 'payments', 'STRING', ['**** 4242', '**** 1881', '**** 0005']))?.kind,
    ).toBe('payment_card');
    expect(
      classifyPii(col('dob', 'patients', 'STRING', ['12.03.1985', '1990-01-31', '19771205']))?.kind,
    ).toBe('date_of_birth');
    expect(classifyPii(col('name', 'customers', 'STRING', ['Ann Lee', 'Bo Chen', 'José Díaz']))?.kind).toBe(
      'person_name',
    );
  });
});

describe('classifyPii with words that mean PII only in context', () => {
  it('reads `cell` and `mobile` as a phone only with a number word or among people', () => {
    expect(classifyPii(col('cell_value', 'sheet_cells'))).toBeNull();
    expect(classifyPii(col('mobile', 'sessions'))).toBeNull();
    expect(classifyPii(col('mobile', 'customers'))?.kind).toBe('phone');
    expect(classifyPii(col('cell_number', 'Owners'))?.kind).toBe('phone');
  });

  it("reads a PAN or a licence number as a person's only where it can be", () => {
    expect(classifyPii(col('pan', 'camera_presets', 'FLOAT'))).toBeNull();
    expect(classifyPii(col('pan', 'payments'))?.kind).toBe('payment_card');
    expect(classifyPii(col('license_number', 'software_licenses'))).toBeNull();
    expect(classifyPii(col('license_number', 'employees'))?.kind).toBe('national_id');
  });
});

describe("classifyPii with a table's versions and measures", () => {
  it('reads the subject of a table past its version words, and no other word of it as its subject', () => {
    expect(classifyPii(col('full_name', 'customers_legacy'))?.kind).toBe('person_name');
    expect(classifyPii(col('full_name', 'customer_360'))?.kind).toBe('person_name');
    expect(
      classifyPii({
        ...col('email', 'customer_lifetime_value'),
        siblings: ['customer_id', 'total_revenue', 'orders_count'],
      })?.kind,
    ).toBe('email');
    expect(classifyPii(col('name', 'employee_projects'))).toBeNull();
    expect(classifyPii(col('name', 'customer_segments'))).toBeNull();
    expect(classifyPii(col('name', 'user_roles'))).toBeNull();
    expect(classifyPii(col('card_number_hash', 'gift_cards'))?.kind).toBe('payment_card');
  });
});

describe('classifyPii confidence', () => {
  it('is surest for a name that says the kind, less for one the table decides, least for a description', () => {
    expect(classifyPii(col('customer_email'))?.confidence).toBe(0.85);
    const host = classifyPii({ ...col('name', 'host'), siblings: ['Host_ID', 'Nationality', 'Age'] });
    expect(host?.confidence).toBe(0.75);
    expect(host?.reasons[0]).toContain('Nationality');
    expect(classifyPii({ ...col('address', 'orders'), siblings: ['city', 'zip'] })?.confidence).toBe(0.75);
    expect(classifyPii({ ...col('contact'), description: 'Customer e-mail address' })?.confidence).toBe(0.7);
  });
});

describe('classifyPii role columns', () => {
  it("reads a role column as a person's name, but not in a table of machines", () => {
    expect(classifyPii(col('manager', 'Department'))?.kind).toBe('person_name');
    expect(
      classifyPii({ ...col('driver', 'db_connections'), siblings: ['hostname', 'port', 'database'] }),
    ).toBeNull();
    expect(classifyPii({ ...col('Player', 'injury_accident'), siblings: ['game_id', 'Injury'] })?.kind).toBe(
      'person_name',
    );
  });
});

/** A column of an application schema: its declared SQL type and the other columns of its table. */
const appCol = (fieldPath: string, table: string, type: string, siblings: string[] = []) => ({
  fieldPath,
  table,
  type,
  siblings,
});
const kindOf = (c: Parameters<typeof classifyPii>[0]) => classifyPii(c)?.kind ?? null;

describe('classifyPii network addresses', () => {
  it("reads the address a person's device came from, also glued, abbreviated or as an IPv6 prefix", () => {
    expect(kindOf(appCol('lastip', 'forum_members', 'varchar(45)'))).toBe('ip_address');
    expect(kindOf(appCol('srcip', 'packet_log', 'varchar(39)'))).toBe('ip_address');
    expect(kindOf(appCol('remote_addr', 'page_hits', 'varchar(46)'))).toBe('ip_address');
    expect(kindOf(appCol('RemoteAddr', 'handshakes', 'text'))).toBe('ip_address');
    expect(kindOf(appCol('AssignedIPv6Prefix', 'dialup_sessions', 'inet'))).toBe('ip_address');
    expect(kindOf(appCol('loginipaddr', 'sign_ins', 'int unsigned'))).toBe('ip_address');
  });

  it("leaves a server's, gateway's or NAS's address, an allowed range and a message's sender alone", () => {
    expect(kindOf(appCol('NasIpAddress', 'dialup_sessions', 'inet'))).toBeNull();
    expect(kindOf(appCol('gw_ip', 'trunks', 'varchar(45)'))).toBeNull();
    expect(kindOf(appCol('bind_ip', 'listeners', 'varchar(45)'))).toBeNull();
    expect(kindOf(appCol('ip', 'api_allowlist', 'varchar(45)'))).toBeNull();
    expect(kindOf(appCol('source_ip', 'peer_ranges', 'varchar(45)', ['mask', 'label']))).toBeNull();
    expect(
      kindOf(appCol('source_address', 'stored_messages', 'varchar(255)', ['body', 'sent_at'])),
    ).toBeNull();
    expect(kindOf(appCol('zip', 'shipments', 'varchar(10)'))).toBeNull();
  });

  it("reads a registration's `received` beside its user agent as the address it came from", () => {
    expect(kindOf(appCol('received', 'bindings', 'varchar(128)', ['contact_uri', 'user_agent']))).toBe(
      'ip_address',
    );
    expect(kindOf(appCol('received', 'bindings', 'varchar(128)', ['contact_uri']))).toBeNull();
  });
});

describe('classifyPii telephony and mail headers', () => {
  it("reads a call party's number, a call record's source and destination and a pager's number as phones", () => {
    expect(kindOf(appCol('caller_id', 'voicemail_msgs', 'varchar(80)'))).toBe('phone');
    expect(kindOf(appCol('calling_station', 'access_requests', 'varchar(50)'))).toBe('phone');
    expect(kindOf(appCol('callee_number', 'call_attempts', 'varchar(32)'))).toBe('phone');
    expect(kindOf(appCol('dst', 'cdr_daily', 'varchar(80)'))).toBe('phone');
    expect(kindOf(appCol('pager_address', 'on_call_staff', 'text'))).toBe('phone');
  });

  it("leaves the called station, a party's SIP socket, a packet's source and a list's pager size alone", () => {
    expect(kindOf(appCol('called_station_id', 'access_requests', 'varchar(50)'))).toBeNull();
    expect(kindOf(appCol('caller_sock', 'sip_dialogs', 'varchar(64)'))).toBeNull();
    expect(kindOf(appCol('src', 'packet_log', 'varchar(64)'))).toBeNull();
    expect(kindOf(appCol('pager_size', 'ui_settings', 'integer'))).toBeNull();
  });

  it('reads the reply-to and blind-copy addresses of a sending identity as e-mail', () => {
    expect(kindOf(appCol('reply_to', 'sender_profiles', 'varchar(128)'))).toBe('email');
    expect(kindOf(appCol('BccAddress', 'sender_profiles', 'varchar(128)'))).toBe('email');
    expect(kindOf(appCol('reply_to_id', 'forum_posts', 'integer'))).toBeNull();
    expect(kindOf(appCol('cc', 'sender_profiles', 'integer'))).toBeNull();
  });
});

describe('classifyPii contact cards and stored names', () => {
  it("reads a contact card's vCard name and the parts of a structured name", () => {
    const card = ['uid', 'n', 'tel', 'adr', 'email', 'org'];
    expect(kindOf(appCol('fn', 'contact_cards', 'text', card))).toBe('person_name');
    expect(kindOf(appCol('fn', 'udf_registry', 'text', ['args', 'body', 'language']))).toBeNull();
    expect(kindOf(appCol('given', 'card_names', 'text', ['family', 'middle']))).toBe('person_name');
    expect(kindOf(appCol('family', 'taxa', 'text', ['genus', 'kingdom']))).toBeNull();
    expect(kindOf(appCol('cn', 'meeting_invitees', 'text', ['partstat', 'rsvp']))).toBe('person_name');
  });

  it('reads a lower-cased search copy as the kind of the column it copies', () => {
    expect(kindOf(appCol('lower_email', 'accounts_index', 'text', ['email']))).toBe('email');
    expect(kindOf(appCol('lgiven', 'card_names', 'text', ['given', 'family']))).toBe('person_name');
    expect(kindOf(appCol('lgenre', 'books', 'text', ['genre']))).toBeNull();
  });

  it("reads a name beside a person's e-mail address as the name it is shown with, not an admin's login", () => {
    expect(kindOf(appCol('name', 'sender_profiles', 'varchar(128)', ['email', 'signature']))).toBe(
      'person_name',
    );
    expect(kindOf(appCol('name', 'admin_user', 'varchar(32)', ['realm', 'password']))).toBeNull();
    expect(kindOf(appCol('name', 'auto_replies', 'varchar(64)', ['email', 'subject', 'body']))).toBeNull();
    expect(kindOf(appCol('name', 'admin_user', 'varchar(32)', ['surname', 'passwd']))).toBe('person_name');
  });

  it("reads a postal address's unit and box numbers, but no contact channel's address as postal", () => {
    const postal = ['street', 'locality', 'postcode', 'country'];
    expect(kindOf(appCol('unit_no', 'card_address_parts', 'text', postal))).toBe('address');
    expect(kindOf(appCol('po_box', 'card_address_parts', 'text', postal))).toBe('address');
    expect(kindOf(appCol('box_no', 'storage_boxes', 'integer', ['shelf']))).toBeNull();
    expect(kindOf(appCol('address', 'contact_addresses', 'text', ['channel_no']))).toBeNull();
    expect(kindOf(appCol('contact_addr', 'trunk_registrations', 'varchar(255)'))).toBeNull();
  });
});

describe('classifyPii on more application schemas', () => {
  it("reads a user's IP in a table of places or bindings when the row records a user or a connection", () => {
    expect(kindOf(appCol('received', 'venue', 'varchar(128)', ['username', 'user_agent']))).toBe(
      'ip_address',
    );
    expect(kindOf(appCol('src_ip', 'flow_log', 'varchar(45)', ['src_port', 'dst_ip', 'dst_port']))).toBe(
      'ip_address',
    );
    expect(kindOf(appCol('source_ip', 'hop_log', 'varchar(45)', ['source_port', 'to_host', 'to_port']))).toBe(
      'ip_address',
    );
    expect(kindOf(appCol('ip', 'appliances', 'varchar(45)', ['hostname', 'port']))).toBeNull();
    expect(kindOf(appCol('ip', 'zone_masters', 'varchar(45)', ['nameserver', 'account']))).toBeNull();
    expect(kindOf(appCol('crawler_ip', 'known_robots', 'varchar(45)', ['robot_name']))).toBeNull();
  });

  it("reads caller-id numbers and names, a date-typed `birth` and an employee's office phone", () => {
    expect(kindOf(appCol('cid_num', 'channel_events', 'varchar(80)'))).toBe('phone');
    expect(kindOf(appCol('caller_dn', 'queue_calls', 'varchar(40)'))).toBe('phone');
    expect(kindOf(appCol('caller_name', 'queue_calls', 'varchar(80)'))).toBe('person_name');
    expect(kindOf(appCol('caller_id', 'complaints', 'integer'))).toBeNull();
    expect(kindOf(appCol('birth', 'staff_members', 'date'))).toBe('date_of_birth');
    expect(kindOf(appCol('birth', 'staff_members', 'varchar(64)'))).toBeNull();
    expect(kindOf(appCol('office_phone', 'staff_members', 'varchar(20)', ['lastname']))).toBe('phone');
    expect(kindOf(appCol('office_phone', 'branches', 'varchar(20)', ['opening_hours']))).toBeNull();
  });

  it('reads the address of a table of e-mail addresses or senders as e-mail, not a message header', () => {
    expect(kindOf(appCol('address', 'mail_senders', 'varchar(255)', ['name']))).toBe('email');
    expect(kindOf(appCol('address', 'user_emails', 'varchar(255)', ['is_primary']))).toBe('email');
    expect(kindOf(appCol('address', 'senders', 'varchar(255)', ['street', 'city']))).toBe('address');
    expect(kindOf(appCol('cc', 'outbox', 'text', ['subject', 'body']))).toBeNull();
  });

  it('reads glued qualifiers of name parts and addresses, and no phone in a phonetic reading', () => {
    expect(kindOf(appCol('guarantorsurname', 'members', 'varchar(80)'))).toBe('person_name');
    expect(kindOf(appCol('homeaddress', 'members', 'varchar(200)'))).toBe('address');
    expect(kindOf(appCol('housenumber', 'members', 'varchar(8)', ['city']))).toBe('address');
    expect(kindOf(appCol('poc_email', 'asset_inventory', 'varchar(128)', ['os', 'serialno']))).toBe('email');
    expect(kindOf(appCol('surnamephonetic', 'members', 'varchar(80)'))).not.toBe('phone');
  });

  it('reads an inet-typed column, a forwarded-for client, a postal address and a date-typed `born`', () => {
    expect(kindOf(appCol('connected_from', 'backend_connections', 'inet', ['pid', 'started']))).toBe(
      'ip_address',
    );
    expect(kindOf(appCol('default_gateway', 'dhcp_leases', 'inet', ['lease_start']))).toBeNull();
    expect(kindOf(appCol('x_forwarded_for', 'request_log', 'varchar(255)', ['path', 'status']))).toBe(
      'ip_address',
    );
    expect(kindOf(appCol('postal_address', 'loan_accounts', 'varchar(255)', ['balance']))).toBe('address');
    expect(kindOf(appCol('born', 'club_members', 'date', ['first_name']))).toBe('date_of_birth');
    expect(kindOf(appCol('sip_address', 'club_members', 'varchar(255)', ['first_name']))).toBeNull();
  });

  it('reads an IP stored as a number or in hex, but not a lookup range, and a glued postal code', () => {
    expect(kindOf(appCol('ip_hex', 'edit_log', 'varchar(35)'))).toBe('ip_address');
    expect(kindOf(appCol('ip_long', 'page_views', 'int unsigned'))).toBe('ip_address');
    expect(kindOf(appCol('ip_from', 'geo_blocks', 'int unsigned'))).toBeNull();
    expect(kindOf(appCol('postalcode', 'club_members', 'varchar(10)'))).toBe('address');
  });

  it("leaves a system's mailbox and a printer's or camera's address alone, and reads glued `addr`", () => {
    expect(kindOf(appCol('smtp_email', 'alert_transports', 'varchar(255)', ['smtp_server']))).toBeNull();
    expect(kindOf(appCol('support_email', 'portal_settings', 'varchar(255)', ['theme']))).toBeNull();
    expect(kindOf(appCol('admin_email', 'polls', 'varchar(255)', ['title']))).toBe('email');
    expect(kindOf(appCol('ip', 'printers', 'varchar(45)', ['model', 'location']))).toBeNull();
    expect(kindOf(appCol('mailaddr', 'club_members', 'varchar(255)', ['first_name']))).toBe('email');
    expect(kindOf(appCol('homeaddr', 'club_members', 'varchar(255)', ['first_name']))).toBe('address');
  });

  it("reads a display name or nickname as a handle, and a `name` beside an e-mail as the person's", () => {
    expect(kindOf(appCol('displayname', 'members', 'varchar(80)', ['email']))).toBeNull();
    expect(kindOf(appCol('name', 'members', 'varchar(80)', ['email', 'display_name', 'password']))).toBe(
      'person_name',
    );
  });
});

describe('classifyPii on the parties of a text message', () => {
  it("reads a message's sender and recipient numbers as phones, but not their ids or non-text numbers", () => {
    expect(classifyPii(col('OriginatorNumber', 'texts_received'))?.kind).toBe('phone');
    expect(classifyPii(col('receiver_no', 'deliveries'))?.kind).toBe('phone');
    expect(classifyPii(col('destination_num', 'sms_queue'))?.kind).toBe('phone');
    expect(classifyPii(col('source_number', 'mms_log'))?.kind).toBe('phone');
    // Outside a table of messages a destination number is a route's or a port's.
    expect(classifyPii(col('destination_number', 'routing_rules'))).toBeNull();
    expect(classifyPii(col('sender_id', 'sms_queue'))).toBeNull();
    expect(classifyPii(col('recipient_number', 'sms_queue', 'INTEGER'))).toBeNull();
  });
});

describe('classifyPii on packet headers', () => {
  it('reads the source and destination after an `ip` and a text rendering of the value as the same kind', () => {
    const packet = (fieldPath: string, type = 'varchar(45)') => ({
      fieldPath,
      table: 'packet_log',
      type,
      siblings: ['proto', 'sport', 'dport', 'ttl'],
    });
    expect(classifyPii(packet('ip_src'))?.kind).toBe('ip_address');
    expect(classifyPii(packet('inbound_ip_daddr', 'inet'))?.kind).toBe('ip_address');
    expect(classifyPii(packet('ip_dst_string'))?.kind).toBe('ip_address');
    expect(classifyPii(col('contact_email_str', 'members'))?.kind).toBe('email');
    // Still no IP in a column about one: its source's port or a count.
    expect(classifyPii(packet('ip_src_port', 'integer'))).toBeNull();
    expect(classifyPii(packet('ip_dst_count', 'integer'))).toBeNull();
  });
});

describe('classifyPii on contact cards stored part by part', () => {
  it("reads the parts of vCard's structured name as a person's name", () => {
    expect(classifyPii(col('N_GIVEN', 'address_book'))?.kind).toBe('person_name');
    expect(classifyPii(col('n-additional', 'address_book'))?.kind).toBe('person_name');
    expect(classifyPii(col('n_family', 'address_book', 'INTEGER'))).toBeNull();
    expect(classifyPii(col('n_count', 'address_book', 'INTEGER'))).toBeNull();
  });
});

describe('classifyPii on names spelled the way fresh schemas spell them', () => {
  it("reads a person's several first or last names as a personal name part", () => {
    expect(classifyPii(col('firstnames', 'names', 'text'))?.kind).toBe('person_name');
    expect(classifyPii(col('last_names', 'incoming_data', 'text'))?.kind).toBe('person_name');
    expect(classifyPii(col('names', 'tags', 'text'))).toBeNull();
  });

  it("reads a value named before its owner (`dob_relative`) as that person's, not a login's", () => {
    expect(classifyPii(col('name_relative', 'family_history', 'text'))?.kind).toBe('person_name');
    expect(classifyPii(col('dob_relative', 'family_history', 'timestamp'))?.kind).toBe('date_of_birth');
    expect(classifyPii(col('name_user', 'settings', 'text'))).toBeNull();
    expect(classifyPii(col('email_template', 'settings', 'text'))).toBeNull();
  });

  it("drops a trailing variant letter, so that an inventory contact's second phone is a phone", () => {
    const siblings = ['os', 'hardware', 'macaddress_a', 'poc_1_name', 'poc_1_email'];
    expect(classifyPii({ ...col('poc_1_phone_b', 'host_inventory', 'varchar(64)'), siblings })?.kind).toBe(
      'phone',
    );
    expect(classifyPii({ ...col('installer_name', 'host_inventory', 'varchar(64)'), siblings })?.kind).toBe(
      'person_name',
    );
    expect(classifyPii({ ...col('url_a', 'host_inventory', 'varchar(64)'), siblings })).toBeNull();
  });

  it('reads who audited, reported or suppressed an item as a login, and a contributor as a name', () => {
    for (const c of ['orig_by', 'audit_by', 'reported_by', 'suppressed_by'])
      expect(classifyPii(col(c, 'audit_trail', 'text')), c).toBeNull();
    expect(classifyPii(col('contributor', 'extensions', 'varchar(255)'))?.kind).toBe('person_name');
  });

  it("reads vCard ADR's extended line, PO box and postal code as a postal address", () => {
    const siblings = ['fn', 'tel', 'email', 'adr-street', 'adr-locality', 'adr-region', 'adr-country'];
    for (const c of ['adr-extadd', 'adr-pobox', 'adr-pcode'])
      expect(classifyPii({ ...col(c, 'vcard', 'text'), siblings })?.kind, c).toBe('address');
  });

  it("reads a normalised address model's house number, flat and street name as address", () => {
    const address = ['id_street', 'aux_street', 'addendum', 'lat_lon'];
    expect(classifyPii({ ...col('number', 'address', 'text'), siblings: address })?.kind).toBe('address');
    expect(classifyPii({ ...col('subunit', 'address', 'text'), siblings: address })?.kind).toBe('address');
    expect(classifyPii({ ...col('number', 'address', 'integer'), siblings: address })).toBeNull();
    const street = ['id_urb', 'postcode', 'suburb'];
    expect(classifyPii({ ...col('name', 'street', 'text'), siblings: street })?.kind).toBe('address');
    expect(classifyPii({ ...col('name', 'street_types', 'text'), siblings: ['code'] })).toBeNull();
  });

  it("reads both ends of a logged packet as IPs, but not its MAC, a device's own IP or a mail's text", () => {
    const ends = ['ip_saddr_str', 'ip_daddr_str', 'ip_protocol', 'mac_id'];
    const packet = (c: string) =>
      classifyPii({ ...col(c, 'ulog2', 'inet'), siblings: ends.filter((s) => s !== c) });
    expect(packet('ip_saddr_str')?.kind).toBe('ip_address');
    expect(packet('ip_daddr_str')?.kind).toBe('ip_address');
    expect(
      classifyPii({ ...col('mac_saddr', 'mac', 'varchar(32)'), siblings: ['mac_daddr', 'mac_protocol'] }),
    ).toBeNull();
    const device = ['hostname', 'snmp_port', 'snmp_username', 'os'];
    expect(classifyPii({ ...col('ip', 'automation_devices', 'varchar(17)'), siblings: device })).toBeNull();
    expect(classifyPii(col('mail_text', 'quarantine', 'bytea'))).toBeNull();
    expect(classifyPii(col('mail', 'users', 'varchar(255)'))?.kind).toBe('email');
  });
});
