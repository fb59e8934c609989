/**
 * The demo company's world as data: countries (currency, language, VAT rates, cities, streets,
 * people), company-name parts, the receivable category tree, products and services with plausible
 * prices, and reference FX rates. Nothing here is random; demo-customers.ts and demo-plan.ts draw
 * from it with a seeded generator.
 */

export interface CountryProfile {
  readonly code: string;
  /** The country as a subsidiary's name says it: 'Deutschland', 'France', 'UK'. */
  readonly localName: string;
  readonly currency: string;
  readonly languages: readonly string[];
  /** Share of the customer base. */
  readonly weight: number;
  /** VAT (sales tax) rates as decimal strings: standard and reduced. */
  readonly taxStandard: string;
  readonly taxReduced: string;
  readonly legalSuffixes: readonly string[];
  readonly cities: readonly (readonly [city: string, postcode: string])[];
  readonly streets: readonly string[];
  /** House number before the street (FR, GB, US) rather than after it. */
  readonly numberFirst: boolean;
  readonly firstNames: readonly string[];
  readonly lastNames: readonly string[];
  readonly phonePrefix: string;
  /** Letters that lead the BBAN (bank code) in this country's IBANs, if any. */
  readonly bbanLetters: number;
  readonly municipality: (city: string) => string;
  readonly university: (city: string) => string;
  readonly vatId: (digits: (n: number) => string) => string;
}

const c = (
  p: Omit<CountryProfile, 'numberFirst' | 'bbanLetters'> & { numberFirst?: boolean; bbanLetters?: number },
): CountryProfile => ({ numberFirst: false, bbanLetters: 0, ...p });

export const COUNTRIES: readonly CountryProfile[] = [
  c({
    code: 'DE',
    localName: 'Deutschland',
    currency: 'EUR',
    languages: ['de'],
    weight: 30,
    taxStandard: '19',
    taxReduced: '7',
    legalSuffixes: ['GmbH', 'GmbH & Co. KG', 'AG', 'KG', 'e.K.'],
    cities: [
      ['Berlin', '10115'],
      ['Hamburg', '20095'],
      ['München', '80331'],
      ['Köln', '50667'],
      ['Frankfurt am Main', '60311'],
      ['Stuttgart', '70173'],
      ['Düsseldorf', '40213'],
      ['Leipzig', '04109'],
      ['Hannover', '30159'],
      ['Nürnberg', '90402'],
      ['Bremen', '28195'],
      ['Dresden', '01067'],
    ],
    streets: ['Hauptstraße', 'Bahnhofstraße', 'Industriestraße', 'Gartenweg', 'Lindenallee', 'Am Markt'],
    firstNames: ['Anna', 'Jonas', 'Katrin', 'Stefan', 'Laura', 'Michael', 'Sabine', 'Tobias', 'Julia'],
    lastNames: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Becker', 'Hoffmann', 'Wagner'],
    phonePrefix: '+49',
    municipality: (city) => `Stadt ${city}`,
    university: (city) => `Universität ${city}`,
    vatId: (d) => `DE${d(9)}`,
  }),
  c({
    code: 'FR',
    localName: 'France',
    currency: 'EUR',
    languages: ['fr'],
    weight: 14,
    taxStandard: '20',
    taxReduced: '5.5',
    legalSuffixes: ['SAS', 'SARL', 'SA'],
    cities: [
      ['Paris', '75002'],
      ['Lyon', '69002'],
      ['Marseille', '13001'],
      ['Toulouse', '31000'],
      ['Bordeaux', '33000'],
      ['Lille', '59000'],
      ['Nantes', '44000'],
    ],
    streets: ['rue de la République', 'avenue Jean Jaurès', 'boulevard Victor Hugo', 'rue du Commerce'],
    numberFirst: true,
    firstNames: ['Camille', 'Julien', 'Claire', 'Nicolas', 'Élodie', 'Thomas', 'Sophie'],
    lastNames: ['Martin', 'Bernard', 'Dubois', 'Lefèvre', 'Moreau', 'Laurent', 'Girard'],
    phonePrefix: '+33',
    municipality: (city) => `Ville de ${city}`,
    university: (city) => `Université de ${city}`,
    vatId: (d) => `FR${d(11)}`,
  }),
  c({
    code: 'NL',
    localName: 'Nederland',
    currency: 'EUR',
    languages: ['nl'],
    weight: 10,
    taxStandard: '21',
    taxReduced: '9',
    legalSuffixes: ['B.V.', 'N.V.'],
    cities: [
      ['Amsterdam', '1012 AB'],
      ['Rotterdam', '3011 AD'],
      ['Utrecht', '3511 LX'],
      ['Eindhoven', '5611 AZ'],
      ['Den Haag', '2511 BT'],
    ],
    streets: ['Keizersgracht', 'Stationsplein', 'Marktstraat', 'Industrieweg', 'Kerkstraat'],
    firstNames: ['Daan', 'Sanne', 'Lars', 'Femke', 'Bram', 'Lotte'],
    lastNames: ['de Jong', 'Jansen', 'de Vries', 'van den Berg', 'Bakker', 'Visser'],
    phonePrefix: '+31',
    bbanLetters: 4,
    municipality: (city) => `Gemeente ${city}`,
    university: (city) => `Universiteit ${city}`,
    vatId: (d) => `NL${d(9)}B01`,
  }),
  c({
    code: 'AT',
    localName: 'Österreich',
    currency: 'EUR',
    languages: ['de'],
    weight: 7,
    taxStandard: '20',
    taxReduced: '10',
    legalSuffixes: ['GmbH', 'AG', 'KG'],
    cities: [
      ['Wien', '1010'],
      ['Graz', '8010'],
      ['Linz', '4020'],
      ['Salzburg', '5020'],
      ['Innsbruck', '6020'],
    ],
    streets: ['Mariahilfer Straße', 'Landstraße', 'Hauptplatz', 'Ringstraße'],
    firstNames: ['Lukas', 'Magdalena', 'Florian', 'Theresa', 'Matthias'],
    lastNames: ['Gruber', 'Huber', 'Bauer', 'Wagner', 'Pichler', 'Steiner'],
    phonePrefix: '+43',
    municipality: (city) => `Magistrat der Stadt ${city}`,
    university: (city) => `Universität ${city}`,
    vatId: (d) => `ATU${d(8)}`,
  }),
  c({
    code: 'BE',
    localName: 'Belgium',
    currency: 'EUR',
    languages: ['nl', 'fr'],
    weight: 6,
    taxStandard: '21',
    taxReduced: '6',
    legalSuffixes: ['BV', 'NV', 'SRL'],
    cities: [
      ['Brussel', '1000'],
      ['Antwerpen', '2000'],
      ['Gent', '9000'],
      ['Liège', '4000'],
    ],
    streets: ['Nieuwstraat', 'Rue Neuve', 'Meir', 'Avenue Louise'],
    firstNames: ['Wout', 'Marie', 'Arne', 'Louise', 'Pieter'],
    lastNames: ['Peeters', 'Janssens', 'Maes', 'Dubois', 'Claes'],
    phonePrefix: '+32',
    municipality: (city) => `Stad ${city}`,
    university: (city) => `Universiteit ${city}`,
    vatId: (d) => `BE0${d(9)}`,
  }),
  c({
    code: 'IT',
    localName: 'Italia',
    currency: 'EUR',
    languages: ['it'],
    weight: 7,
    taxStandard: '22',
    taxReduced: '10',
    legalSuffixes: ['S.r.l.', 'S.p.A.'],
    cities: [
      ['Milano', '20121'],
      ['Roma', '00184'],
      ['Torino', '10121'],
      ['Bologna', '40121'],
      ['Firenze', '50123'],
    ],
    streets: ['Via Roma', 'Corso Italia', 'Via Garibaldi', 'Via Dante'],
    firstNames: ['Giulia', 'Marco', 'Francesca', 'Luca', 'Chiara'],
    lastNames: ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano'],
    phonePrefix: '+39',
    bbanLetters: 1,
    municipality: (city) => `Comune di ${city}`,
    university: (city) => `Università di ${city}`,
    vatId: (d) => `IT${d(11)}`,
  }),
  c({
    code: 'ES',
    localName: 'España',
    currency: 'EUR',
    languages: ['es'],
    weight: 6,
    taxStandard: '21',
    taxReduced: '10',
    legalSuffixes: ['S.L.', 'S.A.'],
    cities: [
      ['Madrid', '28013'],
      ['Barcelona', '08002'],
      ['Valencia', '46002'],
      ['Sevilla', '41001'],
      ['Bilbao', '48001'],
    ],
    streets: ['Calle Mayor', 'Gran Vía', 'Avenida de la Constitución', 'Calle de Alcalá'],
    firstNames: ['Lucía', 'Javier', 'Carmen', 'Pablo', 'Marta'],
    lastNames: ['García', 'Fernández', 'López', 'Martínez', 'Sánchez'],
    phonePrefix: '+34',
    municipality: (city) => `Ayuntamiento de ${city}`,
    university: (city) => `Universidad de ${city}`,
    vatId: (d) => `ESB${d(8)}`,
  }),
  c({
    code: 'GB',
    localName: 'UK',
    currency: 'GBP',
    languages: ['en'],
    weight: 8,
    taxStandard: '20',
    taxReduced: '5',
    legalSuffixes: ['Ltd', 'Limited', 'PLC'],
    cities: [
      ['London', 'EC1A 1BB'],
      ['Manchester', 'M1 1AE'],
      ['Birmingham', 'B1 1AA'],
      ['Leeds', 'LS1 1UR'],
      ['Bristol', 'BS1 4DJ'],
      ['Edinburgh', 'EH1 1YZ'],
    ],
    streets: ['High Street', 'Station Road', 'Church Lane', 'Victoria Road', 'Mill Lane'],
    numberFirst: true,
    firstNames: ['Oliver', 'Emily', 'Harry', 'Charlotte', 'George', 'Amelia'],
    lastNames: ['Smith', 'Jones', 'Taylor', 'Brown', 'Wilson', 'Evans'],
    phonePrefix: '+44',
    bbanLetters: 4,
    municipality: (city) => `${city} City Council`,
    university: (city) => `University of ${city}`,
    vatId: (d) => `GB${d(9)}`,
  }),
  c({
    code: 'US',
    localName: 'USA',
    currency: 'USD',
    languages: ['en'],
    weight: 7,
    taxStandard: '0',
    taxReduced: '0',
    legalSuffixes: ['Inc.', 'LLC', 'Corp.'],
    cities: [
      ['New York, NY', '10001'],
      ['Chicago, IL', '60601'],
      ['Austin, TX', '78701'],
      ['Boston, MA', '02108'],
      ['Seattle, WA', '98101'],
    ],
    streets: ['Main Street', 'Market Street', 'Broadway', 'Oak Avenue', 'Elm Street'],
    numberFirst: true,
    firstNames: ['Michael', 'Jennifer', 'David', 'Ashley', 'Chris', 'Jessica'],
    lastNames: ['Johnson', 'Williams', 'Miller', 'Davis', 'Anderson', 'Thompson'],
    phonePrefix: '+1',
    municipality: (city) => `City of ${city.split(',')[0] ?? city}`,
    university: (city) => `${city.split(',')[0] ?? city} State University`,
    vatId: (d) => `${d(2)}-${d(7)}`,
  }),
  c({
    code: 'CH',
    localName: 'Schweiz',
    currency: 'CHF',
    languages: ['de-CH', 'fr-CH'],
    weight: 5,
    taxStandard: '8.1',
    taxReduced: '2.6',
    legalSuffixes: ['AG', 'GmbH', 'SA'],
    cities: [
      ['Zürich', '8001'],
      ['Genève', '1201'],
      ['Basel', '4051'],
      ['Bern', '3011'],
      ['Lausanne', '1003'],
    ],
    streets: ['Bahnhofstrasse', 'Rue du Rhône', 'Marktgasse', 'Seestrasse'],
    firstNames: ['Luca', 'Lea', 'Noah', 'Mia', 'Jan', 'Chloé'],
    lastNames: ['Meier', 'Keller', 'Brunner', 'Favre', 'Baumann', 'Zimmermann'],
    phonePrefix: '+41',
    municipality: (city) => `Stadt ${city}`,
    university: (city) => `Universität ${city}`,
    vatId: (d) => `CHE-${d(3)}.${d(3)}.${d(3)} MWST`,
  }),
];

/** Neutral, pronounceable stems for company names, used in every country. */
// biome-ignore format: a compact list
export const NAME_STEMS: readonly string[] = [
  'Nordlicht', 'Alpina', 'Rhenus', 'Vireo', 'Lumen', 'Castell', 'Brightwater', 'Solvia', 'Meridian',
  'Kestrel', 'Ardent', 'Novalis', 'Falkner', 'Helios', 'Aurelia', 'Bergmann', 'Cobalt', 'Delta Nord',
  'Elbe', 'Fjord', 'Granit', 'Hansa', 'Iris', 'Juniper', 'Kronos', 'Lindqvist', 'Mosaic', 'Nexus',
  'Orbis', 'Pioneer', 'Quarz', 'Riviera', 'Sempre', 'Terra', 'Umbra', 'Vantage', 'Westend', 'Zenit',
  'Atlas', 'Bluebird', 'Cedar', 'Dune', 'Evergreen', 'Foxglove', 'Greenline', 'Harbour', 'Ironwood',
  'Jade', 'Keystone', 'Larch', 'Maple', 'Northwind', 'Oakridge', 'Polaris', 'Redstone', 'Silverline',
  'Tidewater', 'Upland', 'Valora', 'Willow', 'Azur', 'Boreal', 'Corvus', 'Dorado', 'Estrella', 'Fenix',
];

/** Second word of a company name, by category. */
export const NAME_TRADES: Readonly<Record<string, readonly string[]>> = {
  Retail: ['Home', 'Living', 'Outdoor', 'Books', 'Fashion', 'Sports', 'Kitchen', 'Garden', 'Office'],
  Wholesale: ['Trading', 'Distribution', 'Supply', 'Logistics', 'Import', 'Handel', 'Components'],
  Enterprise: ['Industries', 'Systems', 'Technologies', 'Holding', 'Manufacturing', 'Energy', 'Pharma'],
};

/** Receivable categories with their subcategories, and how common each is. */
export const CATEGORY_TREE: readonly {
  readonly name: string;
  readonly subcategories: readonly (readonly [name: string, weight: number])[];
}[] = [
  {
    name: 'Retail',
    subcategories: [
      ['Online', 18],
      ['Stores', 14],
    ],
  },
  {
    name: 'Wholesale',
    subcategories: [
      ['Distributors', 14],
      ['Resellers', 16],
    ],
  },
  {
    name: 'Public sector',
    subcategories: [
      ['Municipalities', 8],
      ['Universities', 6],
    ],
  },
  {
    name: 'Enterprise',
    subcategories: [
      ['Key accounts', 9],
      ['Mid-market', 15],
    ],
  },
];

/** Payment terms (all seeded codes) by category, with weights. */
export const TERMS_BY_CATEGORY: Readonly<Record<string, readonly (readonly [string, number])[]>> = {
  Retail: [
    ['NET30', 35],
    ['NET14', 30],
    ['DUE_ON_RECEIPT', 20],
    ['2/10 NET30', 10],
    ['EOM', 5],
  ],
  Wholesale: [
    ['NET30', 45],
    ['2/10 NET30', 20],
    ['NET30 EOM', 15],
    ['NET14', 10],
    ['EOM', 10],
  ],
  'Public sector': [
    ['NET30', 60],
    ['NET60', 30],
    ['NET30 EOM', 10],
  ],
  Enterprise: [
    ['NET30', 40],
    ['NET60', 25],
    ['NET30 EOM', 20],
    ['EOM', 10],
    ['2/10 NET30', 5],
  ],
};

/** Credit limits (major units, before currency) by category: [min, max] in thousands, or null. */
export const CREDIT_LIMITS: Readonly<Record<string, readonly [number, number]>> = {
  Retail: [2, 25],
  Wholesale: [20, 150],
  'Public sector': [50, 250],
  Enterprise: [100, 750],
};

export interface Product {
  readonly name: string;
  readonly unit: 'pc' | 'h' | 'mo' | 'day';
  readonly price: readonly [min: number, max: number];
  /** Quantity range for a line. */
  readonly qty: readonly [min: number, max: number];
  /** Taxed at the reduced rate (books, food, printed matter). */
  readonly reduced?: boolean;
}

// biome-ignore format: one product per line reads best
export const PRODUCTS: readonly Product[] = [
  { name: 'Office chair ErgoPlus', unit: 'pc', price: [189, 349], qty: [1, 20] },
  { name: 'Standing desk 160×80', unit: 'pc', price: [420, 690], qty: [1, 12] },
  { name: 'LED panel 60×60, 36 W', unit: 'pc', price: [38, 64], qty: [4, 120] },
  { name: 'Industrial shelving unit', unit: 'pc', price: [140, 260], qty: [2, 40] },
  { name: 'Copy paper A4, box of 5 reams', unit: 'pc', price: [19, 29], qty: [5, 200] },
  { name: 'Technical handbook (print)', unit: 'pc', price: [24, 59], qty: [1, 60], reduced: true },
  { name: 'Coffee beans, 1 kg', unit: 'pc', price: [14, 26], qty: [5, 150], reduced: true },
  { name: 'Packaging carton, pallet', unit: 'pc', price: [95, 180], qty: [1, 30] },
  { name: 'Safety gloves, pack of 12', unit: 'pc', price: [18, 34], qty: [5, 100] },
  { name: 'Barcode scanner', unit: 'pc', price: [120, 310], qty: [1, 25] },
  { name: 'Laptop docking station', unit: 'pc', price: [149, 269], qty: [1, 40] },
  { name: 'Spare parts kit', unit: 'pc', price: [35, 220], qty: [1, 50] },
  { name: 'Consulting', unit: 'h', price: [95, 180], qty: [2, 60] },
  { name: 'Implementation services', unit: 'day', price: [850, 1400], qty: [1, 20] },
  { name: 'Training workshop', unit: 'day', price: [900, 1800], qty: [1, 3] },
  { name: 'On-site maintenance', unit: 'h', price: [75, 125], qty: [1, 24] },
  { name: 'Software subscription', unit: 'mo', price: [49, 990], qty: [1, 12] },
  { name: 'Support plan Premium', unit: 'mo', price: [150, 600], qty: [1, 12] },
  { name: 'Freight and handling', unit: 'pc', price: [25, 190], qty: [1, 1] },
  { name: 'Installation', unit: 'h', price: [65, 95], qty: [1, 16] },
];

/** Reasons on credit notes: partial (price, damage) and full (cancelled, duplicate). */
export const PARTIAL_CREDIT_REASONS = [
  'Price correction as agreed',
  'Damaged goods on delivery',
  'Returned items',
  'Volume rebate',
  'Service level credit',
] as const;
export const FULL_CREDIT_REASONS = ['Order cancelled by customer', 'Duplicate invoice', 'Billed in error'];
export const DISPUTE_SETTLED_REASON = 'Dispute settled: credit for the disputed amount';
export const SHORT_PAY_REASON = 'Bank charges deducted by the payer';
export const CASH_DISCOUNT_REASON = 'Early-payment discount';

/** Units of EUR per unit of each currency: a reference level the simulated daily rate moves around. */
export const EUR_PER_UNIT: Readonly<Record<string, number>> = {
  EUR: 1,
  USD: 0.9215,
  GBP: 1.1742,
  CHF: 1.0631,
  SEK: 0.0871,
  DKK: 0.134,
  NOK: 0.0853,
  PLN: 0.2318,
  JPY: 0.0061,
  CAD: 0.6702,
  AUD: 0.6044,
};
