import { isPossiblePhoneNumber } from 'libphonenumber-js';
import validator from 'validator';

/**
 * PII kinds of a column from its name, its table, its type and its profile's sample values. Names decide most
 * columns, read for what they hold and whose it is: the name's head noun (`email_bounced_reason` holds a
 * reason), the declared type (no name in a number, nothing in a boolean), and what the table's rows are (its
 * subject word, else its other columns: people, machines, organisations), so that a product's, team's or
 * server's name, address or phone is not taken for a person's. Sample values confirm a name, refute it when
 * fewer than half could be of its kind, or, when at least nine in ten of them are of one kind, find a column
 * whose name says nothing (a `contact` holding e-mail addresses). Values are checked with validator.js (e-mail,
 * IP, payment cards by Luhn and issuer ranges, identity cards) and libphonenumber-js (phone numbers). The
 * confidence says how directly the evidence names the kind.
 */

export const PII_KINDS = [
  'email',
  'phone',
  'person_name',
  'address',
  'ip_address',
  'payment_card',
  'national_id',
  'date_of_birth',
] as const;
export type PiiKind = (typeof PII_KINDS)[number];

export interface PiiColumn {
  fieldPath: string;
  /** The table's name (its last name part). */
  table: string;
  /** DataHub's field type (STRING, NUMBER, …) or the native type. */
  type: string;
  sampleValues?: readonly string[] | null;
  /** The column's description, when it has one. */
  description?: string | null;
  /**
   * The names of the table's other columns, when the caller knows them: they tell a table of people (a
   * `gender`, a `birth_date`) from one of machines (an `ip`, a `port`) or of organisations (a `website`).
   */
  siblings?: readonly string[] | null;
}

/** What the classifier reads of a catalog column (the native type over DataHub's, as the source knows it). */
export function piiColumnOf(
  table: string,
  field: {
    fieldPath: string;
    type: string;
    nativeType: string | null;
    sampleValues: string[] | null;
    description: string | null;
  },
  siblings?: readonly string[],
): PiiColumn {
  return {
    fieldPath: field.fieldPath,
    table,
    type: field.nativeType ?? field.type,
    sampleValues: field.sampleValues,
    description: field.description,
    ...(siblings && { siblings: siblings.filter((s) => s !== field.fieldPath) }),
  };
}

export interface PiiFinding {
  kind: PiiKind;
  confidence: number;
  /** Why, in words, for the evidence. */
  reasons: string[];
}

/** A name split into lower-case words: `customerEmail`, `CUSTOMER_EMAIL` and `customer-email` alike. */
export function nameTokens(name: string): string[] {
  return (name.split('.').pop() ?? name)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t !== '');
}

/**
 * Abbreviations column names use for words the rules read, expanded before any rule runs. Single tokens only;
 * a token may stand for two words (`bdate` is a birth date, `minit` a middle initial).
 */
const ABBREVIATIONS: Record<string, readonly string[]> = {
  emp: ['employee'],
  empl: ['employee'],
  stu: ['student'],
  stud: ['student'],
  cust: ['customer'],
  mgr: ['manager'],
  usr: ['user'],
  pers: ['person'],
  addr: ['address'],
  tel: ['phone'],
  init: ['initial'],
  minit: ['middle', 'initial'],
  bdate: ['birth', 'date'],
  bday: ['birthday'],
  birthdt: ['birth', 'date'],
  dt: ['date'],
  zipcode: ['zip', 'code'],
  postcode: ['postal', 'code'],
  postalcode: ['postal', 'code'],
  // Network addresses: `ipaddr`, a packet's source and destination (`saddr`, `src_addr`).
  ipaddr: ['ip', 'address'],
  ipaddress: ['ip', 'address'],
  ipv: ['ip'],
  src: ['source'],
  dst: ['destination'],
  dest: ['destination'],
  saddr: ['source', 'address'],
  daddr: ['destination', 'address'],
  // Mail headers a sending identity or a rule fills in with an address.
  replyto: ['reply', 'to'],
  emailto: ['email', 'to'],
  mailto: ['email', 'to'],
  // Telephony: the caller's number (caller id, CLI, ANI) and the number dialled (DNIS).
  callerid: ['caller', 'id'],
  clid: ['caller', 'id'],
  cli: ['caller', 'id'],
  ani: ['caller', 'id'],
  dnis: ['callee', 'number'],
  // vCard's address property and its post-office box.
  adr: ['address'],
  streetnumber: ['street', 'number'],
  housenumber: ['house', 'number'],
  // A point of contact is a person (an asset's `poc_name`, `poc_email`).
  poc: ['contact'],
  // Asterisk-style caller-id fields: the dialled number (DNID) and the redirecting number (RDNIS).
  dnid: ['callee', 'number'],
  rdnis: ['callee', 'number'],
  // A directory's or calendar's common name (LDAP cn, iCalendar CN), read like a plain `name`.
  cn: ['name'],
  pobox: ['po', 'box'],
  // vCard ADR's extended address (a flat or suite line) and postal code.
  extadd: ['extended', 'address'],
  pcode: ['postal', 'code'],
};

/**
 * Words glued before `ip` or `addr` that name whose or which end's address it is (`lastip`, `fromip`,
 * `srcaddr`, `NASIPAddress`); an unknown prefix is not split, so that `zip`, `ship`, `tip` or `chip` stay whole.
 */
const GLUED_ADDRESS_OWNERS = new Set(
  (
    'from to source src dst dest destination remote client peer user last first login reg register poster ' +
    'session visitor author sender caller callee host server nas local public private real orig origin framed'
  ).split(' '),
);

/** `fromip` → from ip, `srcaddr` → src address, `nasipaddress` → nas ip address; else undefined. */
function gluedNetworkAddress(w: string): string[] | undefined {
  const m = /^([a-z]+?)(ipaddress|ipaddr|ipv|ip|addr)$/.exec(w);
  if (!m || !GLUED_ADDRESS_OWNERS.has(m[1]!)) return undefined;
  const owner = ABBREVIATIONS[m[1]!] ?? [m[1]!];
  if (m[2] === 'addr') return [...owner, 'address'];
  return [...owner, 'ip', ...(m[2]!.startsWith('ipaddr') ? ['address'] : [])];
}

/**
 * The words of a column name as the rules read them: trailing digits dropped (`address2`, `line_1` stay
 * address and line), abbreviations expanded, a one-letter prefix that is the table's initial dropped (`pName`
 * in `Player`), and SSNs kept apart from a one-letter owner (`Essn`, an employee's SSN).
 */
function columnTokens(fieldPath: string, table: string): string[] {
  let t = nameTokens(fieldPath)
    .map((w) => (/^[a-z]+\d+$/.test(w) ? w.replace(/\d+$/, '') : w))
    .filter((w) => !/^\d+$/.test(w))
    // A person's several given or family names (`firstnames`, `first_names`) are parts of a name like one.
    .map((w, i, all) =>
      (w.endsWith('names') && FIRST_LAST.has(w.slice(0, -1))) ||
      (w === 'names' && NAME_PART_QUALIFIERS.has(all[i - 1] ?? ''))
        ? w.slice(0, -1)
        : w,
    );
  // A trailing letter that numbers variants of one field (`poc_1_phone_a`, `phone_b`) says nothing of its kind.
  if (t.length >= 2 && /^[a-d]$/.test(t[t.length - 1]!)) t = t.slice(0, -1);
  const tableInitial = nameTokens(table)[0]?.[0];
  if (t.length >= 2 && t[0]!.length === 1 && t[0] === tableInitial) t = t.slice(1);
  return t.flatMap(
    (w) =>
      (Object.hasOwn(ABBREVIATIONS, w) ? ABBREVIATIONS[w] : undefined) ??
      (/^[a-z]{1,2}ssn$/.test(w) ? ['ssn'] : undefined) ??
      gluedPersonName(w) ??
      gluedNetworkAddress(w) ??
      gluedHead(w) ?? [w],
  );
}

/** Head nouns that keep their meaning glued after a qualifier (`altcontactfirstname`, `homeaddress`). */
const GLUED_HEADS = ['firstname', 'lastname', 'surname', 'middlename', 'address', 'addr'];

/**
 * A qualifier glued to one of those heads read as two words (`guarantorsurname` → guarantor surname,
 * `homeaddress` → home address), so the head decides what the column holds and the qualifier whose it is.
 */
function gluedHead(w: string): string[] | undefined {
  const head = GLUED_HEADS.find((h) => w.endsWith(h) && w.length >= h.length + 2);
  if (!head) return undefined;
  const qualifier = w.slice(0, -head.length);
  return [
    ...(Object.hasOwn(ABBREVIATIONS, qualifier) ? ABBREVIATIONS[qualifier]! : [qualifier]),
    head === 'addr' ? 'address' : head,
  ];
}

/**
 * A person word glued to `name` (`membername`, `ownername`, `authorname`) read as two words; `username`,
 * `hostname` or `filename` are not split, their first word being no person or being a login's.
 */
function gluedPersonName(w: string): string[] | undefined {
  if (!w.endsWith('name') || w.length <= 4) return undefined;
  const owner = w.slice(0, -4);
  return owner !== 'user' && PERSON_WORDS.has(owner) ? [owner, 'name'] : undefined;
}

/** Words that make a table or a column prefix about people, so that its `name` is a person's name. */
const PERSON_WORDS = new Set(
  (
    'person people customer customers client clients user users employee employees staff student students ' +
    'instructor instructors teacher teachers professor author authors member members patient patients player players ' +
    'driver drivers pilot pilots passenger passengers guest guests owner owners contact contacts manager managers ' +
    'artist artists actor actors singer singers director directors applicant applicants candidate candidates ' +
    'physician physicians doctor doctors nurse nurses resident residents voter voters tenant tenants buyer buyers ' +
    'seller sellers host hosts people_ individual individuals account_holder holder participant participants ' +
    'volunteer volunteers worker workers journalist journalists editor editors reviewer reviewers mother father ' +
    'parent parents child children spouse emp cust usr pers head heads representative representatives friend friends ' +
    'musician musicians writer writers poet architect architects engineer engineers scientist scientists politician ' +
    'coach coaches captain victim victims suspect suspects witness officer officers lawyer lawyers surgeon ' +
    'leader leaders climber climbers runner runners rider riders swimmer swimmers athlete athletes dancer dancers ' +
    'performer performers gymnast gymnasts boxer wrestler composer composers visitor visitors staffer agent agents ' +
    'salesperson contractor contractors therapist dentist pharmacist clerk cashier technician technicians ' +
    'mechanic mechanics operator operators instructor tutor tutors trainer trainers consultant consultants ' +
    'advisor advisors adviser counselor supervisor supervisors inspector inspectors auditor auditors ' +
    'attorney attorneys judge judges referee referees umpire umpires conductor conductors entrant entrants ' +
    'subscriber subscribers borrower borrowers lender donor donors sponsor_contact recipient recipients ' +
    'beneficiary beneficiaries investor investors shareholder shareholders policyholder insured claimant ' +
    'reporter reporters photographer photographers designer designers programmer programmers developer developers ' +
    'professional professionals contestant contestants winner winners loser losers nominee nominees dependent ' +
    'dependents donator donators producer producers governor governors minister ministers delegate delegates ' +
    'senator senators mayor commander commanders chair chairman chairperson highschooler ' +
    'assistant assistants cardholder committer committers sender senders addressee addressees ' +
    'attendee attendees invitee invitees installer installers contributor contributors relative relatives'
  ).split(' '),
);

/**
 * Person words that as often name software, machines or companies (a network `host`, a CI `runner`, an OAuth
 * `client`, a background `worker`, a telecom `operator`, a webhook `subscriber`, a shipping `agent`): a table
 * named for one holds people only when its other columns say so, and never when they describe a machine.
 * (A `player` or a `driver` is a person in nearly every schema that has the table, so they are not here.)
 */
const AMBIGUOUS_PERSON_WORDS = new Set(
  'host hosts agent agents client clients runner runners worker workers operator operators subscriber subscribers'.split(
    ' ',
  ),
);

/** Columns only a table of people has: a sex, a birth date, a marital status, a surname. */
const PERSON_ATTRIBUTES = new Set(
  'gender sex marital birth birthday birthdate dob surname firstname lastname forename'.split(' '),
);
/**
 * Columns that people have but so do ships, companies and buildings: two of them together (`Nationality` and
 * `Age` of a `host`) count as one attribute of a person.
 */
const WEAK_PERSON_ATTRIBUTES = new Set('age nationality citizenship height weight occupation'.split(' '));
/**
 * Columns of a table of machines or network endpoints. An IP address alone is not one: a table of orders or of
 * sign-ins records its customer's.
 */
const MACHINE_ATTRIBUTES = new Set(
  'hostname fqdn port mac netmask kernel cpu os uptime nameserver'.split(' '),
);
/** Columns of a table of organisations: a company's website, industry or revenue. */
const ORGANISATION_ATTRIBUTES = new Set(
  // Not a bare `revenue`: a customer's lifetime revenue is no company's.
  'website industry annualrevenue ticker duns naics sic vat'.split(' '),
);

/** Parts of a name only people have (nothing but a person has a surname or a maiden name). */
const FIRST_LAST = new Set([
  'firstname',
  'lastname',
  'fname',
  'lname',
  'surname',
  'forename',
  'givenname',
  'familyname',
  'middlename',
  'middleinitial',
  'maidenname',
  'initials',
]);

/** Words before `names` that make them a person's given or family names (`first_names`). */
const NAME_PART_QUALIFIERS = new Set(['first', 'last', 'given', 'family', 'middle', 'sur', 'fore']);

/**
 * Kinds of name anything can have (a repository's `full_name` is `owner/repo`, a car maker's its company):
 * read like a plain `name`, a person's only in a table of people.
 */
const NAME_VARIANTS = new Set(['fullname', 'realname', 'legalname', 'preferredname']);
/**
 * Names a person picks to be shown by, like a login or a handle: a nickname, a display name, a screen name.
 * They are not personal names (the rubric every label set follows), whoever's table they are in.
 */
const HANDLE_NAMES = new Set(['nickname', 'nick', 'displayname', 'screenname']);
/**
 * Names that say they are a person's own, as opposed to a login (`real_name`, `legal_name`). (A `full_name` is
 * not: a repository's is `owner/repo`, a car maker's its company name.)
 */
const PERSONAL_NAME_VARIANTS = new Set(['realname', 'legalname']);
/** Sibling names that hold a person's name, so that a plain `name` beside them holds something else. */
const SPECIFIC_NAME_COLUMNS = new Set(['realname', 'legalname', 'fullname']);
/** Words before `name` that make it a login's, a file's or a machine's name (`user_name`, `host_name`). */
const NON_PERSON_NAME_OWNERS = new Set(['login', 'user', 'username', 'screen', 'account', 'file', 'host']);
/**
 * Words that make an `address` a network, mail or memory address, not a postal one (`mac_address`,
 * `pager_address`, `bind_address`, `reply_address`).
 */
const NON_POSTAL_ADDRESS_WORDS = (
  'ip ipv email mail web url mac wallet pager remote local bind listen broadcast reply return sender from bounce ' +
  'forward notification callback hardware server network memory base start end peer sip xmpp jabber hw ether ' +
  'ethernet bluetooth'
).split(' ');
/** Table words that make its addresses contact channels of any kind (`contact_addresses`, `email_addresses`). */
const CHANNEL_WORDS = new Set([
  'contact',
  'contacts',
  'email',
  'mail',
  'ip',
  'network',
  'sip',
  'notification',
]);
/** First words of the numbered parts of a street line: a flat, unit, PO box or house number. */
const ADDRESS_NUMBER_PARTS = new Set(['unit', 'box', 'po', 'apartment', 'apt', 'suite', 'flat', 'house']);
/** Columns of an addresses table that number a place on its street. */
const STREET_NUMBER_COLUMNS = new Set(['number', 'subunit', 'unit', 'flat', 'apartment', 'suite']);
/** Columns that sit beside a postal address. */
const POSTAL_SIBLINGS = new Set(
  'city town locality zip zipcode postcode postal county province state country street region'.split(' '),
);

/**
 * Owners that are not people: the phone, e-mail, address or name of a store, building or department is a
 * business's contact, not personal data.
 */
const NOT_PERSON_OWNERS = new Set(
  (
    'store stores shop building buildings property properties department dept company companies office branch ' +
    'hotel school university college warehouse supplier vendor bank venue location station site plant facility ' +
    'business organisation organization agency model hardware product device team city country ' +
    'location locations venue venues restaurant restaurants hospital hospitals clinic clinics airport airports ' +
    'museum museums park parks theater theatre stadium stadiums church churches club clubs ' +
    // Machines and network endpoints: their addresses and names are infrastructure.
    'server servers machine machines node nodes router routers interface interfaces network networks ' +
    'printer printers switch switches sensor sensors controller controllers appliance appliances ' +
    'camera cameras monitor monitors nas trunk trunks carrier carriers relay relays ' +
    'instance instances cluster clusters gateway gateways proxy endpoint endpoints subnet peer ' +
    // Shared mailboxes and groupings: a list's or a queue's address reaches no one person.
    'group groups team teams queue queues list lists mailinglist channel channels project projects ' +
    'repository repositories directory directories domain domains organisation organization ' +
    // Animals: a pet's name or birth date is not personal data.
    'dog dogs cat cats pet pets animal animals horse horses'
  ).split(' '),
);

/** Role nouns a column may be named for when it holds a person's name (`Director`, `building_manager`). */
const ROLE_COLUMNS = new Set(
  (
    'manager director author writer composer editor pilot driver player singer artist actor leader ' +
    'physician doctor nurse dentist surgeon therapist ' +
    'captain coach president representative technician instructor conductor governor comptroller minister ' +
    'delegate nominee senator mayor chair chairman chairperson commander attorney producer contributor'
  ).split(' '),
);

/** Words that qualify a role in a title (`Lieutenant_Governor`, `Attorney_General`, `vice_chair`). */
const TITLE_MODIFIERS = new Set(
  'lieutenant general deputy vice chief assistant associate head senior junior co acting'.split(' '),
);

/**
 * Verbs of `<verb>_by` columns that record who touched a row (a login or user id), not the person a text
 * column names (`Directed_by`, `Written_by`).
 */
const AUDIT_VERBS = new Set(
  (
    'created updated modified changed inserted deleted edited processed generated loaded run submitted ' +
    'uploaded imported exported requested reviewed approved last ' +
    // Workflow steps an application records by the account that took them.
    'assigned owned locked closed resolved acknowledged sent checked verified confirmed completed cancelled ' +
    'canceled accepted rejected published escalated handled opened answered ' +
    // An audit trail's original and auditing logins, and who reported or suppressed an item.
    'orig original audit audited reported suppressed entered added removed disabled blocked granted revoked'
  ).split(' '),
);

function joined(tokens: readonly string[]): string {
  return tokens.join('');
}

/** A word and its singular (`warehouses`, `companies`, `addresses`). */
function singular(w: string): string {
  if (/ies$/.test(w)) return `${w.slice(0, -3)}y`;
  if (/(ss|x|ch|sh)es$/.test(w)) return w.slice(0, -2);
  if (/[^s]s$/.test(w)) return w.slice(0, -1);
  return w;
}

/** Words glued to a person word in a table name without changing whose rows they are (`useracct`). */
const GLUED_FILLERS = ['acct', 'account', 'accounts', 'info', 'data', 'details', 'profile', 'record', 'list'];

/**
 * A word is about people when it is a person word, its plural, or a person word glued to a filler
 * (`useracct`, `customerinfo`); a longer word that merely starts with one is not (`directory`, `hostname`).
 */
const isPersonWord = (w: string) =>
  PERSON_WORDS.has(w) ||
  PERSON_WORDS.has(singular(w)) ||
  [...PERSON_WORDS].some((p) => w.startsWith(p) && GLUED_FILLERS.includes(w.slice(p.length)));

const isOwnerWord = (w: string) => NOT_PERSON_OWNERS.has(w) || NOT_PERSON_OWNERS.has(singular(w));

/** Words a table name adds to its subject without changing it (`school_details`, `dim_customer`). */
const TABLE_NAME_FILLERS = new Set(
  (
    'details detail info information data record records list master table tbl dim fact fct stg raw profile ' +
    'profiles ' +
    // Versions and copies of a table: `customers_legacy`, `users_backup`, `customer_360`.
    'legacy old new backup bak archive archived history hist snapshot snapshots latest current tmp temp ' +
    'staging stage clean cleaned enriched v'
  ).split(' '),
);

/** What a table's rows are: its last word that is not a filler (`school` of `school_details`). */
function tableSubject(words: readonly string[]): string | undefined {
  return words.filter((w) => !TABLE_NAME_FILLERS.has(w) && !/^\d+$/.test(w)).pop();
}

/**
 * What a table's rows are. Its subject word says so first: a person word (`employees`) makes rows of people, a
 * business, machine, group or animal (`stores`, `servers`, `teams`, `dogs`) rows of things. A subject that is
 * unknown or ambiguous (`host`, `agent`, `Account`) is read from the other columns: attributes only a human has
 * (`gender`, `birth_date`) make people, those of a machine or an organisation (`hostname`, `port`, `website`)
 * things. Without sibling columns an ambiguous table stays unknown: its contact columns may still be a
 * person's, its plain `name` is not taken for one.
 */
function tableRows(column: PiiColumn): 'people' | 'things' | 'unknown' {
  const words = nameTokens(column.table);
  const subject = tableSubject(words);
  const siblingWords = new Set(
    (column.siblings ?? []).flatMap((s) => {
      const t = nameTokens(s);
      return [...t, t.join('')];
    }),
  );
  const siblingsHave = (set: ReadonlySet<string>) => [...siblingWords].some((w) => set.has(w));
  const machine = siblingsHave(MACHINE_ATTRIBUTES);
  const person =
    siblingsHave(PERSON_ATTRIBUTES) ||
    [...siblingWords].filter((w) => WEAK_PERSON_ATTRIBUTES.has(w)).length >= 2;
  const organisation = siblingsHave(ORGANISATION_ATTRIBUTES);
  if (subject === undefined) return 'unknown';
  if (isPersonWord(subject) && !AMBIGUOUS_PERSON_WORDS.has(subject)) return 'people';
  if (isOwnerWord(subject)) return words.some(isPersonWord) ? 'unknown' : 'things';
  if (machine || organisation) return 'things';
  // A person word elsewhere in the name does not make people (`customer_segments`, `user_roles`: their `name`
  // is a segment's or a role's).
  if (person) return 'people';
  return 'unknown';
}

/** Postcodes are often stored as numbers (US ZIP codes in an INT column). */
const isPostcodeName = (t: readonly string[]) =>
  t.some((w) => ['zip', 'zipcode', 'postcode', 'postalcode'].includes(w)) ||
  (t.includes('postal') && t.includes('code'));

/**
 * The words that carry each kind in a column name (anchors) and the words that may follow them while the column
 * still holds a value of that kind (`email_address`, `phone_number`, `address_line`, `birth_date`).
 */
const KIND_WORDS: Record<PiiKind, { anchors: readonly string[]; tail: readonly string[] }> = {
  email: { anchors: ['email', 'mail', 'emailaddress'], tail: ['address', 'addr', 'to', 'from'] },
  phone: {
    anchors: ['phone', 'telephone', 'mobile', 'cell', 'fax', 'msisdn', 'phonenumber', 'contact'],
    tail: ['number', 'no', 'num', 'nr', 'ext', 'extension'],
  },
  person_name: {
    anchors: ['name', 'initial', 'initials', ...FIRST_LAST, ...NAME_VARIANTS],
    tail: ['first', 'last', 'middle', 'given', 'family', 'full', 'initial', 'initials'],
  },
  address: {
    anchors: ['address', 'addr', 'street', 'zip', 'zipcode', 'postcode', 'postal', 'line'],
    tail: ['line', 'code', 'number', 'no', 'building', 'details', 'content', 'po', 'box'],
  },
  // An IPv6 prefix delegated to a subscriber is as much the subscriber's as an address, and an IP stored as a
  // number or in hex is still one (`ip_long`, `ip_hex`). A packet's header names which end after the `ip`
  // (`ip_src`, `ip_saddr`: the IP source address).
  ip_address: {
    anchors: ['ip'],
    tail: [
      ...['address', 'addr', 'prefix', 'hex', 'bin', 'binary', 'int', 'long', 'num', 'number', 'packed'],
      ...['source', 'destination'],
    ],
  },
  payment_card: {
    anchors: ['card', 'cc', 'creditcard', 'cardnumber', 'pan'],
    tail: ['number', 'no', 'num', 'last', 'four', 'digits', 'pan', 'bin'],
  },
  national_id: {
    anchors: [
      'ssn',
      'nino',
      'sin',
      'nric',
      'aadhaar',
      'passport',
      'security',
      'national',
      'insurance',
      'tax',
      'license',
      'licence',
    ],
    tail: ['number', 'no', 'num', 'nr', 'id', 'file', 'identifier'],
  },
  date_of_birth: {
    anchors: ['dob', 'birth', 'birthday', 'birthdate', 'dateofbirth'],
    tail: ['date', 'day', 'of'],
  },
};
/**
 * Words that may follow any kind's words without changing what the column holds. An encrypted, masked or hashed
 * value of a kind is pseudonymised data of that kind, still personal (`card_number_hash`).
 */
const VALUE_TAIL = new Set(
  'text str string value raw normalized normalised formatted full primary main encrypted masked hash hashed'.split(
    ' ',
  ),
);
/** First words that make a column a yes/no about something (`has_email`, `is_phone_verified`, `send_email`). */
const PREDICATE_WORDS = new Set(
  'is has have can allow allows send use show hide enable enabled disable opt receive wants needs requires no'.split(
    ' ',
  ),
);

/**
 * Whether a column named with a kind's words is about that kind rather than a value of it. A compound name's
 * head is its last noun: `email_bounced_reason` holds a reason, `address_country` a country, `name_format` a
 * format, `phone_count` a number of phones, `mail_server_address` a server's address. A column holds a value of
 * the kind only when nothing but the kind's own words and value qualifiers follow its last anchor word.
 */
function aboutTheKind(kind: PiiKind, t: readonly string[]): boolean {
  if (PREDICATE_WORDS.has(t[0] ?? '')) return true;
  const { anchors, tail } = KIND_WORDS[kind];
  let last = -1;
  t.forEach((w, i) => {
    if (anchors.includes(w)) last = i;
  });
  if (last < 0) return false;
  const rest = t.slice(last + 1);
  // A person word after the kind says whose it is (`dob_relative`, `name_relative`), not what it is about.
  if (rest.length === 1 && isOwningPersonWord(rest[0]!)) return false;
  return rest.some((w) => !tail.includes(w) && !anchors.includes(w) && !VALUE_TAIL.has(w));
}

/** A person word that can own a value named before it (`relative` of `name_relative`), not a login's `user`. */
const isOwningPersonWord = (w: string) =>
  isPersonWord(w) && !AMBIGUOUS_PERSON_WORDS.has(w) && !NON_PERSON_NAME_OWNERS.has(w) && w !== 'users';

/**
 * Which kinds a column's declared type can hold. A yes/no holds none; a date or time only a birth date; a
 * number only the kinds written in digits (phones, postcodes, ids, cards, IPv4 as an integer, yyyymmdd birth
 * dates), never a name, an e-mail or a street; an `inet` only an IP address; text any kind. Floating types
 * count as numbers: Power BI, spreadsheets and JSON type every number as a double.
 */
function typeHolds(type: string, kind: PiiKind, postcode: boolean): boolean {
  const ty = type.toLowerCase();
  if (/^(bool|bit\b)/.test(ty)) return false;
  if (/^(date|time)/.test(ty)) return kind === 'date_of_birth';
  if (/^(inet|cidr)/.test(ty)) return kind === 'ip_address';
  if (
    /^(number|int|bigint|smallint|tinyint|mediumint|integer|decimal|numeric|serial|bigserial|long|short|float|real|double)/.test(
      ty,
    )
  )
    return ['phone', 'national_id', 'payment_card', 'ip_address', 'date_of_birth'].includes(kind) || postcode;
  return true;
}

/** Whether another column of the table is named with one of the words (`city`, `billing_city`, `RealName`). */
function siblingsInclude(column: PiiColumn, words: ReadonlySet<string>): boolean {
  return (column.siblings ?? []).some((s) => {
    const t = nameTokens(s);
    return words.has(t.join('')) || words.has(t.slice(-2).join('')) || t.some((w) => words.has(w));
  });
}

/** What the column name says, with the table and its other columns as context. */
function kindFromName(column: PiiColumn): NameFinding | null {
  const found = kindFromNameWords(column);
  if (!found) return null;
  return aboutTheKind(found.kind, columnTokens(column.fieldPath, column.table)) ? null : found;
}

/**
 * A kind read from a column's name; `fromContext` when the name alone does not say it and the table's rows or
 * other columns do (a plain `name` among people, an `address` beside a city), which is weaker evidence.
 */
interface NameFinding {
  kind: PiiKind;
  reason: string;
  fromContext?: boolean;
}

/** Why a table's rows are people, for the evidence: its name, or the columns only people have. */
function peopleTableReason(column: PiiColumn): string {
  const personal = (column.siblings ?? []).filter((s) => {
    const t = nameTokens(s);
    return (
      t.some((w) => PERSON_ATTRIBUTES.has(w) || WEAK_PERSON_ATTRIBUTES.has(w)) ||
      PERSON_ATTRIBUTES.has(t.join(''))
    );
  });
  const subject = tableSubject(nameTokens(column.table));
  if ((subject && isPersonWord(subject) && !AMBIGUOUS_PERSON_WORDS.has(subject)) || personal.length === 0)
    return `in the table "${column.table}" of people`;
  return `in "${column.table}", whose columns ${personal.slice(0, 3).join(', ')} are a person's`;
}

/**
 * Words that make an e-mail address a system's or a shared mailbox's (`smtp_email`, `noreply_email`,
 * `support_email`), not a person's.
 */
const SYSTEM_MAILBOX_WORDS = new Set(
  'smtp noreply postmaster mailer daemon support helpdesk system'.split(' '),
);

/** Table words whose rows are e-mail addresses or the parties of a message. */
const MAIL_TABLE_WORDS = new Set('email emails mail sender senders recipient recipients rcpt'.split(' '));

/** Whether a table's row records a user (a user name, id or agent) or a connection's two ends. */
function recordsUserOrConnection(column: PiiColumn): boolean {
  if (siblingsInclude(column, new Set(['user', 'username', 'userid', 'useragent', 'login']))) return true;
  // The column itself may be one of the two ends (`ip_saddr` beside `ip_daddr`).
  const words = [column.fieldPath, ...(column.siblings ?? [])].map((s) => columnTokens(s, column.table));
  const end = (names: string[]) =>
    words.some((w) => names.some((n) => w.includes(n) || w.join('').startsWith(n)));
  return end(['from', 'src', 'source']) && end(['to', 'dst', 'destination']);
}

/** The name a caller-id shows with a call party's number (`caller_name`, `cid_name`), a person's. */
function callPartyName(t: readonly string[], type: string): string | undefined {
  if (!isTextType(type) || t[t.length - 1] !== 'name') return undefined;
  const party = t.slice(0, -1).filter((w) => w !== 'id');
  return party.length === 1 &&
    (CALLER_WORDS.has(party[0]!) || CALLEE_WORDS.has(party[0]!) || party[0] === 'cid')
    ? "a call party's caller-id name"
    : undefined;
}

/** Which end of a call a telephony column names: the caller's (`caller_id`, `CallingStationId`) or callee's. */
const CALLER_WORDS = new Set(['caller', 'calling']);
const CALLEE_WORDS = new Set(['callee', 'called', 'dialed', 'dialled']);
/** Words after a call party's word that keep the column its number (`caller_id_number`, `calling_station_id`). */
const CALL_NUMBER_WORDS = new Set(['id', 'number', 'num', 'no', 'nr', 'dn', 'station', 'phone', 'party']);
/** Table words of call records, whose plain source and destination are the two parties' numbers. */
const CALL_RECORD_WORDS = new Set(['cdr', 'cdrs', 'call', 'calls', 'calllog', 'calllogs', 'voip']);
/** A message's two parties: whose number it came from or went to (`sender_number`, `RecipientNumber`). */
const MESSAGE_PARTY_WORDS = new Set(['sender', 'recipient', 'originator', 'receiver']);
/** Table words of stored text messages, whose plain source and destination numbers are the two parties'. */
const MESSAGE_TABLE_WORDS = new Set([
  'sms',
  'mms',
  'inbox',
  'outbox',
  'sent',
  'sentitems',
  'message',
  'messages',
]);
/** Words that make the rest of a name a number, not an id or a name. */
const NUMBER_WORDS = new Set(['number', 'num', 'no', 'nr']);

/**
 * Whether a telephony column holds a party's number, and which: the caller's or the callee's number (a
 * caller id, CLI or ANI; a dialled number or DNIS), or a call record's plain `src` or `dst`. Not the called
 * station (RADIUS Called-Station-Id is the provider's access point, not a person's number), nor the caller's
 * SIP contact, socket or sequence number (any other word after the party's).
 */
function callParty(t: readonly string[], tableWords: readonly string[], type: string): string | undefined {
  // Asterisk's caller-id fields: `cid_num`, `cid_ani`.
  if (t[0] === 'cid' && t.length === 2 && ['num', 'number', 'ani'].includes(t[1]!))
    return "the caller's number";
  const partyAt = t.findIndex((w) => CALLER_WORDS.has(w) || CALLEE_WORDS.has(w));
  if (partyAt >= 0) {
    const rest = t.slice(partyAt + 1);
    if (!rest.every((w) => CALL_NUMBER_WORDS.has(w))) return undefined;
    if (CALLEE_WORDS.has(t[partyAt]!) && rest.includes('station')) return undefined;
    // A number-typed `caller_id` is a key of a caller's row, not the caller's number.
    if (!isTextType(type) && !rest.some((w) => ['number', 'num', 'no', 'nr'].includes(w))) return undefined;
    return CALLER_WORDS.has(t[partyAt]!) ? "the caller's number" : 'the number called';
  }
  // A message's sender or recipient number is a person's phone, as is a stored text message's source or
  // destination number; a `sender_id` or `recipient_name` is not (no number word).
  const numbered = t.length === 2 && NUMBER_WORDS.has(t[1]!) && isTextType(type);
  if (numbered && MESSAGE_PARTY_WORDS.has(t[0]!)) return `a message's ${t[0]}'s number`;
  if (
    numbered &&
    (t[0] === 'source' || t[0] === 'destination') &&
    tableWords.some((w) => MESSAGE_TABLE_WORDS.has(w))
  )
    return t[0] === 'source' ? "a message's sender's number" : "a message's recipient's number";
  const callRecord = tableWords.some((w) => CALL_RECORD_WORDS.has(w));
  if (
    callRecord &&
    isTextType(type) &&
    (t[0] === 'source' || t[0] === 'destination') &&
    t.slice(1).every((w) => w === 'number' || w === 'num' || w === 'no')
  )
    return t[0] === 'source' ? "a call's calling number" : "a call's called number";
  return undefined;
}

/** Words before an IP that make it a machine's, not the address a person's device used. */
const MACHINE_IP_OWNERS = new Set(
  (
    'nas gw gateway server host local bind listen router switch camera monitor dns relay smtp mx nat proxy ' +
    'vip virtual floating management mgmt bot crawler spider'
  ).split(' '),
);
/** Words before a plain `address` that make it where a request came from (`source_address`, `remote_addr`). */
// Not `client` or `origin`: a client's or a shipment's origin address is as often postal.
const REQUEST_SOURCE_WORDS = new Set(['source', 'remote']);
/** Table subjects of configured address lists: an allowed range is configuration, not a device's address. */
const ADDRESS_LIST_WORDS = new Set(
  'trusted whitelist allowlist allowed acl acls firewall permission permissions'.split(' '),
);
/** Words of a hardware (link-layer) address. */
const HARDWARE_ADDRESS_WORDS = new Set(['mac', 'hw', 'hwaddr', 'ether', 'ethernet', 'bluetooth']);
/** Table subjects whose rows are machines (an inventory's `hardware`, a discovery's `devices`). */
const MACHINE_SUBJECTS = new Set(
  'device hardware server machine node router switch printer appliance computer'.split(' '),
);
/** Sibling columns that mark a configured network range (an address with its mask). */
const RANGE_SIBLINGS = new Set(['mask', 'netmask', 'prefixlen', 'cidr', 'subnet']);
/** Sibling columns of a stored message, whose source and destination are a sender's and a recipient's. */
const MESSAGE_SIBLINGS = new Set(['body', 'msg', 'message', 'subject', 'ctype', 'content']);

/**
 * Whether a column holds an IP address, and whose: `device` for the address a person's device connected,
 * registered or was assigned (`last_ip`, `client_ip`, `FramedIPv6Prefix`, `remote_addr` of a request, a SIP
 * registration's `received`), `machine` for a server's, gateway's or NAS's (`nas_ip_address`, `bind_addr`) or
 * an allowed range (`trusted.src_ip`, an address beside its mask), null when the column is no IP.
 */
function networkAddressOf(
  column: PiiColumn,
  t: readonly string[],
  tableWords: readonly string[],
): 'device' | 'machine' | null {
  const ipAt = t.indexOf('ip');
  const addressAt = t.findIndex((w) => w === 'address' || w === 'addr');
  const requestSource =
    addressAt > 0 &&
    t.slice(0, addressAt).some((w) => REQUEST_SOURCE_WORDS.has(w)) &&
    !t.includes('email') &&
    !siblingsInclude(column, MESSAGE_SIBLINGS);
  // SIP's `received`: where a registration or request came from, beside the client's user agent.
  const received =
    t.length === 1 &&
    t[0] === 'received' &&
    isTextType(column.type) &&
    siblingsInclude(column, new Set(['useragent']));
  // The client a proxy forwarded for (`X-Forwarded-For`), and any column typed as an IP address.
  const forwardedFor = t.includes('forwarded') && t.includes('for');
  const inetTyped = /^inet\b/i.test(column.type);
  if (ipAt < 0 && !requestSource && !received && !forwardedFor && !inetTyped) return null;
  if (t.includes('zip') || t.includes('ship')) return null;
  // A hardware address (`mac_saddr`, `hwaddr`) is a network card's, of no listed kind.
  if (t.some((w) => HARDWARE_ADDRESS_WORDS.has(w))) return null;
  // Whose address it is: the words before `ip` or `address`, or every word of a name that has neither.
  const owners = ipAt >= 0 ? t.slice(0, ipAt) : addressAt >= 0 ? t.slice(0, addressAt) : t;
  if (owners.some((w) => MACHINE_IP_OWNERS.has(w))) return 'machine';
  const subject = singular(tableSubject(tableWords) ?? '');
  if (ADDRESS_LIST_WORDS.has(subject) || siblingsInclude(column, RANGE_SIBLINGS)) return 'machine';
  // The plain address of a table of devices or hardware beside their host name is the machine's own.
  if (
    MACHINE_SUBJECTS.has(subject) &&
    owners.length === 0 &&
    siblingsInclude(column, new Set(['hostname', 'name', 'sysname', 'fqdn']))
  )
    return 'machine';
  return 'device';
}

/** Sibling columns that make a table an account table: a password or its hash. */
const PASSWORD_COLUMNS = new Set(['password', 'passwd', 'pwd', 'passhash', 'passwordhash', 'ha1']);

/** Whether a column's whole name says it holds an e-mail address (`email`, `EmailAddress`, `mail`). */
function isEmailColumnName(name: string): boolean {
  return ['email', 'mail', 'emailaddress', 'mailaddress'].includes(joined(nameTokens(name)));
}

/** vCard's property names, as the columns of a table that stores contact cards property by property. */
const VCARD_PROPERTIES = new Set(
  'fn n nickname bday adr tel email org title role note uid rev url photo geo tz label categories fburl caluri'.split(
    ' ',
  ),
);
/** The parts of a structured personal name (vCard N: family, given, additional names). */
const STRUCTURED_NAME_PARTS = new Set(['given', 'family', 'middle', 'additional']);

/**
 * A person's name stored in parts or as a contact card's properties: vCard's formatted (`fn`) and structured
 * (`n`) name in a table with at least three other vCard properties, and a `given`, `family` or `middle` column
 * beside another part of the same name (a taxonomy's `family` has no `given` beside it).
 */
function structuredNamePart(column: PiiColumn, t: readonly string[]): string | undefined {
  if (!isTextType(column.type)) return undefined;
  // vCard's N property stored part by part (`n_given`, `N-FAMILY`): a structured name's component.
  if (t.length === 2 && t[0] === 'n' && STRUCTURED_NAME_PARTS.has(t[1]!))
    return `"${column.fieldPath}" is a part of a contact card's name (vCard N)`;
  if (t.length !== 1) return undefined;
  const siblings = (column.siblings ?? []).map((s) => s.toLowerCase());
  if ((t[0] === 'fn' || t[0] === 'n') && siblings.filter((s) => VCARD_PROPERTIES.has(s)).length >= 3)
    return `"${column.fieldPath}" is a contact card's name (vCard ${t[0].toUpperCase()})`;
  if (STRUCTURED_NAME_PARTS.has(t[0]!) && siblings.some((s) => s !== t[0] && STRUCTURED_NAME_PARTS.has(s)))
    return `"${column.fieldPath}" is a part of a person's name beside the others`;
  return undefined;
}

/** What the column name alone says, with the table's name as context. */
function kindFromNameWords(column: PiiColumn): NameFinding | null {
  const t = columnTokens(column.fieldPath, column.table);
  const tableWords = nameTokens(column.table);
  const rows = tableRows(column);
  const has = (...words: string[]) => words.some((w) => t.includes(w));
  // A person word in the column's own name, read as one only when it cannot be a machine's or the table is of
  // people (`customer_phone`, not a `host_name` of a table of servers).
  const personWordInName = t.some(
    (w) => isPersonWord(w) && (!AMBIGUOUS_PERSON_WORDS.has(w) || rows === 'people'),
  );
  const all = joined(t);
  const idLike =
    (has('id', 'key', 'type', 'count', 'flag', 'status', 'verified', 'domain', 'opt', 'hash') ||
      (has('code') && !isPostcodeName(t))) &&
    !has('number', 'no', 'num');
  // A role or credit column (`manager`, `driver`, `editor`, `Directed_by`) is text naming a person, except in a
  // table of machines, where a `driver` or an `editor` is software and a `host` a machine.
  const rolesArePeople = isTextType(column.type) && !siblingsInclude(column, MACHINE_ATTRIBUTES);
  if (
    rolesArePeople &&
    t.length <= 2 &&
    ROLE_COLUMNS.has(t[t.length - 1] ?? '') &&
    !has('id', 'type', 'count')
  )
    return { kind: 'person_name', reason: `"${column.fieldPath}" is named for a person's role` };
  // A column of role nouns only (`Author_or_Editor`) holds a person's name.
  const roleWords = t.filter((w) => w !== 'or' && w !== 'and');
  if (
    rolesArePeople &&
    roleWords.length >= 2 &&
    roleWords.length < t.length &&
    roleWords.every((w) => ROLE_COLUMNS.has(w))
  )
    return { kind: 'person_name', reason: `"${column.fieldPath}" is named for people's roles` };
  // A title: a role with its qualifiers (`Lieutenant_Governor`, `Attorney_General`).
  if (
    rolesArePeople &&
    t.length >= 2 &&
    t.length <= 3 &&
    t.some((w) => ROLE_COLUMNS.has(w)) &&
    t.every((w) => ROLE_COLUMNS.has(w) || TITLE_MODIFIERS.has(w))
  )
    return { kind: 'person_name', reason: `"${column.fieldPath}" is named for a person's title` };
  // Who did something a text column records by name (`Directed_by`), not who touched the row.
  if (rolesArePeople && t.length === 2 && t[1] === 'by' && !AUDIT_VERBS.has(t[0]!))
    return { kind: 'person_name', reason: `"${column.fieldPath}" names who did it` };
  // A call party's number (`calling_station_id`: the station is the caller's line, no business's).
  const party = callParty(t, tableWords, column.type);
  if (party) return { kind: 'phone', reason: `"${column.fieldPath}" is ${party}` };
  const callerName = callPartyName(t, column.type);
  if (callerName) return { kind: 'person_name', reason: `"${column.fieldPath}" is ${callerName}` };
  // A store's phone or a building's address is a business contact, not a person's; an office phone in a table
  // of people is a person's work phone.
  const ownerWordAt = t
    .slice(0, -1)
    .findIndex((w) => isOwnerWord(w) && !(w === 'office' && rows === 'people'));
  // An IP address is a person's device's unless a machine's word or an allowed range says otherwise; in a
  // table of things (a place, a site, a registry of bindings) it is still a user's where the row records a user
  // or a connection between two ends.
  const networkAddress = networkAddressOf(column, t, tableWords);
  const machineSubject =
    AMBIGUOUS_PERSON_WORDS.has(singular(tableSubject(tableWords) ?? '')) && rows !== 'people';
  if (networkAddress === 'machine') return null;
  if (
    networkAddress === 'device' &&
    ownerWordAt < 0 &&
    !machineSubject &&
    (rows !== 'things' || recordsUserOrConnection(column))
  )
    return { kind: 'ip_address', reason: `"${column.fieldPath}" is the address a user's device came from` };
  if (networkAddress === 'device') return null;
  if (ownerWordAt >= 0 && !has('card', 'ssn', 'passport')) return null;
  // A business's, machine's or group's table: its contacts are not a person's, unless the column's own name is
  // about one (`Department.manager_phone`).
  if (rows === 'things' && !personWordInName && !has('card', 'ssn', 'passport')) return null;
  // Catch-all free text (`other_address_details`) is not a value of one kind.
  if (t[0] === 'other' && t[t.length - 1] === 'details') return null;
  // A `mail` with its text or body is the message itself (`mail_text`), not an address.
  const messageText = has('mail') && !all.includes('email') && has('text', 'body', 'content');
  if (
    (has('email', 'mail') || all.includes('email')) &&
    !messageText &&
    !idLike &&
    !has('domain') &&
    !t.some((w) => SYSTEM_MAILBOX_WORDS.has(w))
  )
    return { kind: 'email', reason: `the name "${column.fieldPath}" says e-mail` };
  // The address headers a sending identity or a mail rule fills in (`reply_to`, `bcc`) hold e-mail addresses.
  if (
    // A stored message's own headers are part of the message, not a setting of someone's address.
    isTextType(column.type) &&
    !siblingsInclude(column, MESSAGE_SIBLINGS) &&
    ((t[0] === 'reply' && t[1] === 'to') || t[0] === 'bcc' || t[0] === 'cc') &&
    t.slice(t[0] === 'reply' ? 2 : 1).every((w) => w === 'address' || VALUE_TAIL.has(w))
  )
    return { kind: 'email', reason: `"${column.fieldPath}" is an e-mail address header` };
  // The `address` of a table of e-mail addresses, senders or recipients is an e-mail address.
  if (
    isTextType(column.type) &&
    t[0] === 'address' &&
    t.slice(1).every((w) => VALUE_TAIL.has(w)) &&
    tableWords.some((w) => MAIL_TABLE_WORDS.has(w)) &&
    !siblingsInclude(column, POSTAL_SIBLINGS)
  )
    return { kind: 'email', reason: `"${column.fieldPath}" is the address of "${column.table}"` };
  // `cell` and `mobile` alone also name a spreadsheet or tower cell and a mobile app, device or session: they
  // say phone with a number word, or in a table of people or beside a person word.
  const phoneWord =
    has('phone', 'telephone', 'tel', 'fax', 'msisdn') ||
    // Not `phonetic` (Moodle's `firstnamephonetic` is a name's reading).
    /phone(?!tic)/.test(all) ||
    (has('mobile', 'cell') && (has('number', 'no', 'num', 'nr') || rows === 'people' || personWordInName));
  if (phoneWord && !idLike) return { kind: 'phone', reason: `the name "${column.fieldPath}" says phone` };
  // A pager's number or address is a number a person is paged at (not a list pager's page size).
  const pagerAt = t.indexOf('pager');
  if (
    pagerAt >= 0 &&
    t.slice(pagerAt + 1).every((w) => ['address', 'number', 'no', 'num', 'nr'].includes(w)) &&
    (pagerAt < t.length - 1 || rows === 'people')
  )
    return { kind: 'phone', reason: `"${column.fieldPath}" is a pager number` };
  if (has('contact') && has('number', 'no', 'num'))
    return { kind: 'phone', reason: `the name "${column.fieldPath}" says contact number` };
  if (
    all.includes('creditcard') ||
    (has('card', 'cc') && has('number', 'no', 'num', 'pan', 'last4', 'bin', 'last')) ||
    // A PAN alone is a card's only in a text column (a camera's pan is a float, India's PAN a tax number).
    (has('pan') && t.length <= 2 && isTextType(column.type) && !has('india', 'tax')) ||
    all.includes('cardnumber')
  )
    return { kind: 'payment_card', reason: `the name "${column.fieldPath}" says payment card` };
  if (
    has('ssn', 'nino', 'sin', 'nric', 'aadhaar', 'passport') ||
    all.includes('socialsecurity') ||
    all.includes('nationalid') ||
    all.includes('nationalinsurance') ||
    // A tax number is a person's when the column is the record's own (`tax_id`, `tax_file_number`), not a key
    // of some other record that merely has "tax" in its name (`council_tax_id`).
    (t[0] === 'tax' && (t.length === 2 || all === 'taxfilenumber') && has('id', 'number', 'no', 'num')) ||
    (has('tax') && t.slice(0, t.indexOf('tax')).some(isPersonWord)) ||
    all.includes('driverlicen') ||
    // A licence number is a person's (a driving licence) beside a driver word or in a table of people; a
    // software, vehicle or business licence is not.
    (has('license', 'licence') &&
      has('number', 'no', 'num') &&
      (has('driver', 'driving') || personWordInName || rows === 'people') &&
      !has('plate', 'vehicle', 'truck', 'car', 'van', 'bus'))
  )
    return { kind: 'national_id', reason: `the name "${column.fieldPath}" says national or personal id` };
  if (
    has('dob', 'birthday', 'birthdate') ||
    (has('birth') && has('date')) ||
    all === 'dateofbirth' ||
    // A date-typed `birth` or `born` is the date of birth (a text one may be a place or a year).
    ((all === 'birth' || all === 'born') && /^(date|timestamp)/i.test(column.type))
  )
    return { kind: 'date_of_birth', reason: `the name "${column.fieldPath}" says date of birth` };
  const ownedByBusiness = t.slice(0, -1).some(isOwnerWord);
  if (
    !ownedByBusiness &&
    (FIRST_LAST.has(all) ||
      FIRST_LAST.has(joined(t.slice(-2))) ||
      FIRST_LAST.has(t[t.length - 1] ?? '') ||
      (has('middle') && has('initial')))
  )
    return { kind: 'person_name', reason: `the name "${column.fieldPath}" is a personal name part` };
  // An initial of a person (`EMP_INITIAL`, `STU_INIT`).
  if (
    !ownedByBusiness &&
    t[t.length - 1] === 'initial' &&
    (t.slice(0, -1).some(isPersonWord) || (t.length === 1 && tableWords.some(isPersonWord)))
  )
    return { kind: 'person_name', reason: `"${column.fieldPath}" is a person's initial` };
  const structured = structuredNamePart(column, t);
  if (structured) return { kind: 'person_name', reason: structured, fromContext: true };
  // A `name` (or a full, nick or display name) is a person's when a person word owns it (`customer_name`) or
  // the table's rows are people; a product's, team's or file's name is not.
  const nameAt = t.findIndex((w) => w === 'name' || NAME_VARIANTS.has(w));
  const variantAt = t.findIndex((_, i) => NAME_VARIANTS.has(joined(t.slice(i, i + 2))));
  const nameIndex = nameAt >= 0 ? nameAt : variantAt;
  const handle = t.some((w, i) => HANDLE_NAMES.has(w) || HANDLE_NAMES.has(joined(t.slice(i, i + 2))));
  if (nameIndex >= 0 && !idLike && !handle && !NON_PERSON_NAME_OWNERS.has(t[nameIndex - 1] ?? '')) {
    const variant = joined(t.slice(Math.max(0, nameIndex - 1), nameIndex + 1));
    const ownName =
      (PERSONAL_NAME_VARIANTS.has(variant) || PERSONAL_NAME_VARIANTS.has(t[nameIndex]!)) && rows !== 'things';
    if (ownName) return { kind: 'person_name', reason: `"${column.fieldPath}" is a person's own name` };
    const before = t
      .slice(0, nameIndex)
      .filter((w) => !['full', 'display', 'real', 'legal', 'preferred', 'personal'].includes(w));
    const personPrefix = before.some(
      (w) => isPersonWord(w) && (!AMBIGUOUS_PERSON_WORDS.has(w) || rows === 'people'),
    );
    // A table with a real or full name column uses its plain `name` for something else (a login, a label); so
    // does an account table whose only other identity is its password (an administrator's login `name`). A
    // `name` beside a person's e-mail address is the name that address is shown with (a sender identity, an
    // address-book entry) even when the table's subject says nothing.
    // (Not beside a subject and a body: a mail template's or a message's `name` is the template's.)
    const emailBeside =
      (column.siblings ?? []).some((s) => isEmailColumnName(s)) && !siblingsInclude(column, MESSAGE_SIBLINGS);
    const plainName =
      before.length === 0 &&
      (rows === 'people' || (rows === 'unknown' && emailBeside && (all === 'name' || all === 'fullname'))) &&
      !siblingsInclude(column, SPECIFIC_NAME_COLUMNS) &&
      !(
        siblingsInclude(column, PASSWORD_COLUMNS) &&
        !emailBeside &&
        !(column.siblings ?? []).some((s) => FIRST_LAST.has(joined(nameTokens(s))))
      );
    // The name a bill or a parcel is addressed to (`billing_name`, `ship_to_name`) is the addressee's.
    const addressee = ['billing', 'shipping', 'to', 'delivery', 'mailing'].includes(
      before.filter((w) => !TABLE_NAME_FILLERS.has(w)).at(-1) ?? '',
    );
    const ownerAfter = nameIndex === t.length - 2 && isOwningPersonWord(t[t.length - 1]!);
    if (personPrefix || ownerAfter)
      return { kind: 'person_name', reason: `"${column.fieldPath}" names a person` };
    if (addressee)
      return { kind: 'person_name', reason: `"${column.fieldPath}" names an addressee`, fromContext: true };
    if (plainName)
      return {
        kind: 'person_name',
        reason: `"${column.fieldPath}" ${peopleTableReason(column)}`,
        fromContext: true,
      };
  }
  // The street lines of an addresses table (`line_1`, `line_1_number_building`). A table named for addresses
  // is postal when its other columns are a postal address's parts; a contact's `addresses` of any channel (an
  // e-mail, a pager, a SIP URI) or a lone `address_details` blob are not.
  const addressTable =
    tableWords.some((w) => w.startsWith('address') || w === 'adr') &&
    (siblingsInclude(column, POSTAL_SIBLINGS) || !tableWords.some((w) => CHANNEL_WORDS.has(w)));
  if (addressTable && t[0] === 'line' && !idLike)
    return { kind: 'address', reason: `"${column.fieldPath}" is a street line of "${column.table}"` };
  // The house number or flat of an addresses table beside its street (`number`, `subunit`).
  if (
    addressTable &&
    t.length === 1 &&
    STREET_NUMBER_COLUMNS.has(t[0]!) &&
    isTextType(column.type) &&
    siblingsInclude(column, POSTAL_SIBLINGS)
  )
    return {
      kind: 'address',
      reason: `"${column.fieldPath}" is part of the street line of "${column.table}"`,
    };
  // The `name` of a table of streets is a street's name, the street line of the addresses that point to it.
  if (
    all === 'name' &&
    isTextType(column.type) &&
    singular(tableSubject(tableWords) ?? '') === 'street' &&
    siblingsInclude(column, POSTAL_SIBLINGS)
  )
    return { kind: 'address', reason: `"${column.fieldPath}" is the street's name of "${column.table}"` };
  // The unit, box or house number of a postal address (`unit_no`, `po_box`, `house_number`).
  if (
    (addressTable || rows === 'people') &&
    ADDRESS_NUMBER_PARTS.has(t[0]!) &&
    t.length >= 2 &&
    t.slice(1).every((w) => ['box', 'no', 'number', 'num', 'nr'].includes(w)) &&
    siblingsInclude(column, POSTAL_SIBLINGS)
  )
    return { kind: 'address', reason: `"${column.fieldPath}" is part of a postal address's street line` };
  if (
    (has('address', 'addr', 'street') && !has(...NON_POSTAL_ADDRESS_WORDS) && !idLike) ||
    (has('zip', 'zipcode', 'postcode') && !idLike) ||
    (has('postal') && has('code'))
  ) {
    // A postcode alone is personal in a table of people or addresses, or where goods or bills go to someone.
    // An `address` alone may be postal, e-mail or network: postal where the rows are people or addresses, it
    // has a street or a person's or shipment's word, or sits beside a city or a postcode.
    const personal =
      has('street') ||
      rows === 'people' ||
      addressTable ||
      t.some(
        (w) =>
          // A contact's address may be of any channel; a customer's or a tenant's is a postal one.
          (isPersonWord(w) && !AMBIGUOUS_PERSON_WORDS.has(w) && w !== 'contact') ||
          ['billing', 'shipping', 'ship', 'home', 'mailing', 'delivery', 'postal'].includes(w),
      );
    if (personal) return { kind: 'address', reason: `the name "${column.fieldPath}" says postal address` };
    if (has('address', 'addr') && siblingsInclude(column, POSTAL_SIBLINGS))
      return {
        kind: 'address',
        reason: `"${column.fieldPath}" sits beside the parts of a postal address`,
        fromContext: true,
      };
  }
  return null;
}

/** Phrases a column description uses for a PII kind; a description about flags, counts or ids says none. */
const DESCRIPTION_KINDS: [PiiKind, RegExp][] = [
  ['email', /\be-?mail address(es)?\b/],
  ['phone', /\b(phone|telephone|mobile|cell|fax) (number|no)\b/],
  ['date_of_birth', /\b(date of birth|birth ?date|birthday)\b/],
  [
    'national_id',
    /\b(social security number|national (id|identifier|insurance number)|passport number|tax id)\b/,
  ],
  ['payment_card', /\b(credit|debit|payment) card number\b/],
  ['ip_address', /\bip address\b/],
  ['person_name', /\b(first|last|given|family|middle|full|maiden) name\b|\bsurname\b/],
  [
    'address',
    /\b(postal code|zip ?code|postcode|street address|address line|(first|second|third) line of .*address)\b/,
  ],
];
const NOT_A_VALUE =
  /\b(flag|indicat\w*|whether|identifier|id of|reference to|foreign key|count|number of|opted)\b/;

/** What a column's description says it holds, for a column whose name says nothing. */
function kindFromDescription(description: string): { kind: PiiKind; reason: string } | null {
  const text = description.toLowerCase();
  if (NOT_A_VALUE.test(text)) return null;
  const kinds = DESCRIPTION_KINDS.filter(([, re]) => re.test(text));
  if (kinds.length !== 1) return null;
  return { kind: kinds[0]![0], reason: `the description says ${kinds[0]![0].replace(/_/g, ' ')}` };
}

const isTextType = (type: string) =>
  !/^(NUMBER|INT|BIGINT|DOUBLE|FLOAT|DECIMAL|BOOLEAN|BOOL|DATE|TIME)/i.test(type);

/** The kind most sample values are, when at least nine in ten of (at least three) values are. */
function kindFromValues(values: readonly string[]): { kind: PiiKind; share: number } | null {
  const vs = values.map((v) => String(v).trim()).filter((v) => v !== '');
  if (vs.length < 3) return null;
  const tests: [PiiKind, (v: string) => boolean][] = [
    ['email', (v) => validator.isEmail(v)],
    ['ip_address', (v) => validator.isIP(v)],
    ['payment_card', (v) => validator.isCreditCard(v.replace(/[ -]/g, ''))],
    ['phone', (v) => /^[+(]?\d[\d ()./-]{6,}$/.test(v) && isPossiblePhoneNumber(v, 'US')],
    ['national_id', (v) => /^\d{3}-\d{2}-\d{4}$/.test(v) && validator.isTaxID(v.replace(/-/g, ''), 'en-US')],
  ];
  for (const [kind, test] of tests) {
    const share = vs.filter(test).length / vs.length;
    if (share >= 0.9) return { kind, share };
  }
  return null;
}

/**
 * What a value of each kind must at least look like, leniently (masked and partial values pass: `j***@x.com`,
 * `**** 4242`). A name is a guess about a column and its sampled values are facts: when fewer than half of
 * them could be of the kind the name says, the name was wrong (a `phone` column of `true`/`false`, an `email`
 * column of ids, a `name` column of numbers).
 */
const VALUE_SHAPES: Record<PiiKind, (v: string) => boolean> = {
  email: (v) => v.includes('@'),
  phone: (v) => /(\d\D{0,2}){5,}/.test(v),
  person_name: (v) =>
    /\p{L}/u.test(v) && !v.includes('@') && !/^[a-z]+:\/\//i.test(v) && v.split(/\s+/).length <= 6,
  address: (v) => /[\p{L}\d]/u.test(v) && !v.includes('@') && !validator.isIP(v),
  ip_address: (v) => validator.isIP(v.split('/')[0] ?? v),
  payment_card: (v) => /\d{4}/.test(v),
  national_id: (v) => /\d/.test(v),
  // Any date notation (`1985-03-12`, `12/03/1985`, `12.03.1985`, `19850312`) or epoch milliseconds.
  date_of_birth: (v) =>
    /\d{1,4}\D\d{1,2}\D\d{1,4}/.test(v) || /^\d{8,13}$/.test(v) || !Number.isNaN(Date.parse(v)),
};

/** Whether at least three sampled values are there and fewer than half could be of the kind. */
function valuesRefute(kind: PiiKind, values: readonly string[] | null | undefined): boolean {
  const vs = (values ?? []).map((v) => String(v).trim()).filter((v) => v !== '');
  if (vs.length < 3) return false;
  return vs.filter(VALUE_SHAPES[kind]).length / vs.length < 0.5;
}

/** How a column names itself a search or sort copy of another column: `lname` or `lower_email` of `email`. */
const COPY_NAMES: ((of: string) => string[])[] = [
  (of) => [`l${of}`, `lower_${of}`, `lc_${of}`, `search_${of}`, `normalized_${of}`],
  (of) => [`${of}_lower`, `${of}_lc`, `${of}_search`, `${of}_normalized`, `${of}_normalised`],
];

/**
 * The sibling a column is a lower-cased or normalised copy of (ejabberd's `lgiven` of `given`, a `lower_email`
 * of `email`): the copy holds the same values, so it is of the same kind.
 */
function copiedColumn(column: PiiColumn): string | undefined {
  const name = column.fieldPath.toLowerCase();
  return (column.siblings ?? []).find(
    (s) => s.length >= 2 && COPY_NAMES.some((names) => names(s.toLowerCase()).includes(name)),
  );
}

/** The column's PII kind, or null; a name and values that disagree leave it unclassified. */
export function classifyPii(column: PiiColumn): PiiFinding | null {
  const own = classifyOwn(column);
  if (own) return own;
  const original = copiedColumn(column);
  if (!original) return null;
  const found = classifyOwn({
    ...column,
    fieldPath: original,
    siblings: [column.fieldPath, ...(column.siblings ?? []).filter((s) => s !== original)],
  });
  return found && typeHolds(column.type, found.kind, false)
    ? {
        kind: found.kind,
        confidence: Math.min(found.confidence, 0.75),
        reasons: [`"${column.fieldPath}" is a search copy of "${original}"`, ...found.reasons],
      }
    : null;
}

/** The column's PII kind read from itself and its table, or null. */
function classifyOwn(column: PiiColumn): PiiFinding | null {
  const fromName = kindFromName(column);
  const byName = fromName ?? (column.description ? kindFromDescription(column.description) : null);
  const byValues = column.sampleValues ? kindFromValues(column.sampleValues) : null;
  const postcode = isPostcodeName(columnTokens(column.fieldPath, column.table));
  if (byName && !typeHolds(column.type, byName.kind, postcode)) return null;
  if (byName && valuesRefute(byName.kind, column.sampleValues)) return null;
  if (byName && byValues && byValues.kind !== byName.kind) {
    // Values of another kind outweigh a name only for the kinds values prove (an e-mail column named "contact").
    return null;
  }
  if (byName && byValues)
    return {
      kind: byName.kind,
      confidence: 0.97,
      reasons: [
        byName.reason,
        `${Math.round(byValues.share * 100)}% of the sampled values are ${byValues.kind}`,
      ],
    };
  // A name that says the kind outright is surer than one the table's context decides, and both than a
  // description (free text that may describe the column's neighbours as well).
  if (byName) {
    const confidence = !fromName ? 0.7 : fromName.fromContext ? 0.75 : 0.85;
    return { kind: byName.kind, confidence, reasons: [byName.reason] };
  }
  if (byValues)
    return {
      kind: byValues.kind,
      confidence: 0.9,
      reasons: [`${Math.round(byValues.share * 100)}% of the sampled values are ${byValues.kind}`],
    };
  return null;
}

/** Names a catalog's glossary term for a PII kind may have (matched on the term's name, case-insensitively). */
export const PII_TERM_NAMES: Record<PiiKind, string[]> = {
  email: ['email address', 'email', 'e-mail'],
  phone: ['phone number', 'phone', 'telephone number'],
  person_name: ['full name', 'person name', 'personal name', 'name'],
  address: ['postal address', 'address', 'street address'],
  ip_address: ['ip address', 'ip'],
  payment_card: ['payment card', 'credit card', 'card number'],
  national_id: ['national id', 'national identifier', 'ssn', 'social security number', 'government id'],
  date_of_birth: ['date of birth', 'birth date', 'dob'],
};
