// Name and address parts for the bulk data generator (quality.md: Japanese company and
// person names with kana, addresses across the 47 prefectures). Combined by index in SQL,
// so 100,000 customers need only these few hundred parts.
import { PREFECTURES } from '../src/modules/customers/customer.rules.js';
import { searchKeyOf } from '../src/modules/customers/name-folding.rules.js';

/** [kanji, kana] */
type Part = readonly [string, string];

const COMPANY_STEMS: Part[] = [
  ['山田', 'ヤマダ'],
  ['東日本', 'ヒガシニホン'],
  ['大和', 'ヤマト'],
  ['富士', 'フジ'],
  ['三光', 'サンコウ'],
  ['日の出', 'ヒノデ'],
  ['北斗', 'ホクト'],
  ['中央', 'チュウオウ'],
  ['丸和', 'マルワ'],
  ['青葉', 'アオバ'],
  ['光和', 'コウワ'],
  ['新星', 'シンセイ'],
  ['太平', 'タイヘイ'],
  ['瑞穂', 'ミズホ'],
  ['桜井', 'サクライ'],
  ['川崎', 'カワサキ'],
  ['朝日', 'アサヒ'],
  ['協和', 'キョウワ'],
  ['昭栄', 'ショウエイ'],
  ['未来', 'ミライ'],
  ['さくら', 'サクラ'],
  ['みどり', 'ミドリ'],
  ['アルファ', 'アルファ'],
  ['ネクスト', 'ネクスト'],
  ['サンライズ', 'サンライズ'],
  ['グリーン', 'グリーン'],
  ['西日本', 'ニシニホン'],
  ['千代田', 'チヨダ'],
  ['浪速', 'ナニワ'],
  ['博多', 'ハカタ'],
  ['宮本', 'ミヤモト'],
  ['高橋', 'タカハシ'],
  ['佐藤', 'サトウ'],
  ['伊藤', 'イトウ'],
  ['渡辺', 'ワタナベ'],
  ['東洋', 'トウヨウ'],
  ['大東', 'ダイトウ'],
  ['明治', 'メイジ'],
  ['平和', 'ヘイワ'],
  ['共栄', 'キョウエイ'],
];

const COMPANY_TRADES: Part[] = [
  ['商事', 'ショウジ'],
  ['工業', 'コウギョウ'],
  ['電機', 'デンキ'],
  ['建設', 'ケンセツ'],
  ['物産', 'ブッサン'],
  ['運輸', 'ウンユ'],
  ['食品', 'ショクヒン'],
  ['不動産', 'フドウサン'],
  ['システム', 'システム'],
  ['ソリューションズ', 'ソリューションズ'],
  ['通信', 'ツウシン'],
  ['印刷', 'インサツ'],
  ['製作所', 'セイサクショ'],
  ['薬品', 'ヤクヒン'],
  ['興産', 'コウサン'],
  ['技研', 'ギケン'],
  ['設備', 'セツビ'],
  ['サービス', 'サービス'],
  ['企画', 'キカク'],
  ['歯科医院', 'シカイイン'],
];

/** Legal form and whether it precedes the name (前株) or follows it (後株). */
const LEGAL_FORMS: (readonly [string, 'before' | 'after'])[] = [
  ['株式会社', 'before'],
  ['株式会社', 'after'],
  ['有限会社', 'after'],
  ['合同会社', 'after'],
];

const SURNAMES: Part[] = [
  ['佐藤', 'サトウ'],
  ['鈴木', 'スズキ'],
  ['高橋', 'タカハシ'],
  ['田中', 'タナカ'],
  ['伊藤', 'イトウ'],
  ['渡辺', 'ワタナベ'],
  ['山本', 'ヤマモト'],
  ['中村', 'ナカムラ'],
  ['小林', 'コバヤシ'],
  ['加藤', 'カトウ'],
  ['吉田', 'ヨシダ'],
  ['山田', 'ヤマダ'],
  ['佐々木', 'ササキ'],
  ['山口', 'ヤマグチ'],
  ['松本', 'マツモト'],
  ['井上', 'イノウエ'],
  ['木村', 'キムラ'],
  ['林', 'ハヤシ'],
  ['斎藤', 'サイトウ'],
  ['清水', 'シミズ'],
  ['山崎', 'ヤマザキ'],
  ['森', 'モリ'],
  ['池田', 'イケダ'],
  ['橋本', 'ハシモト'],
  ['阿部', 'アベ'],
  ['石川', 'イシカワ'],
  ['前田', 'マエダ'],
  ['藤田', 'フジタ'],
  ['小川', 'オガワ'],
  ['岡田', 'オカダ'],
];

const GIVEN_NAMES: Part[] = [
  ['太郎', 'タロウ'],
  ['花子', 'ハナコ'],
  ['翔太', 'ショウタ'],
  ['美咲', 'ミサキ'],
  ['健一', 'ケンイチ'],
  ['陽子', 'ヨウコ'],
  ['大輔', 'ダイスケ'],
  ['由美', 'ユミ'],
  ['誠', 'マコト'],
  ['直美', 'ナオミ'],
  ['拓也', 'タクヤ'],
  ['さくら', 'サクラ'],
  ['浩二', 'コウジ'],
  ['恵子', 'ケイコ'],
  ['蓮', 'レン'],
  ['結衣', 'ユイ'],
  ['隆', 'タカシ'],
  ['愛', 'アイ'],
  ['悠斗', 'ユウト'],
  ['真由美', 'マユミ'],
];

/** One city (with its postal code's first three digits) per prefecture; wards for the largest. */
const CITIES: Record<string, (readonly [string, string])[]> = {
  北海道: [
    ['札幌市中央区', '060'],
    ['旭川市', '070'],
  ],
  東京都: [
    ['千代田区', '100'],
    ['港区', '105'],
    ['新宿区', '160'],
    ['渋谷区', '150'],
    ['世田谷区', '154'],
    ['八王子市', '192'],
  ],
  神奈川県: [
    ['横浜市西区', '220'],
    ['川崎市中原区', '211'],
  ],
  大阪府: [
    ['大阪市北区', '530'],
    ['堺市堺区', '590'],
  ],
  愛知県: [
    ['名古屋市中区', '460'],
    ['豊田市', '471'],
  ],
  福岡県: [
    ['福岡市博多区', '812'],
    ['北九州市小倉北区', '802'],
  ],
};

/** Each prefecture's capital (県庁所在地), in PREFECTURES order. */
const CAPITALS = [
  '札幌市',
  '青森市',
  '盛岡市',
  '仙台市',
  '秋田市',
  '山形市',
  '福島市',
  '水戸市',
  '宇都宮市',
  '前橋市',
  'さいたま市',
  '千葉市',
  '新宿区',
  '横浜市',
  '新潟市',
  '富山市',
  '金沢市',
  '福井市',
  '甲府市',
  '長野市',
  '岐阜市',
  '静岡市',
  '名古屋市',
  '津市',
  '大津市',
  '京都市',
  '大阪市',
  '神戸市',
  '奈良市',
  '和歌山市',
  '鳥取市',
  '松江市',
  '岡山市',
  '広島市',
  '山口市',
  '徳島市',
  '高松市',
  '松山市',
  '高知市',
  '福岡市',
  '佐賀市',
  '長崎市',
  '熊本市',
  '大分市',
  '宮崎市',
  '鹿児島市',
  '那覇市',
];

const STREETS = ['本町', '中央', '栄町', '緑町', '旭町', '錦', '駅前', '桜木町', '東町', '西町'];

export interface NamePart {
  name: string;
  nameKana: string;
  searchKey: string;
}

export interface AddressPart {
  prefecture: string;
  city: string;
  postalPrefix: string;
  line1: string;
}

export function organizationNames(): NamePart[] {
  const names: NamePart[] = [];
  for (const [stem, stemKana] of COMPANY_STEMS)
    for (const [trade, tradeKana] of COMPANY_TRADES)
      for (const [form, position] of LEGAL_FORMS) {
        const base = `${stem}${trade}`;
        const name = position === 'before' ? `${form}${base}` : `${base}${form}`;
        const nameKana = `${stemKana}${tradeKana}`;
        names.push({ name, nameKana, searchKey: searchKeyOf(name, nameKana) });
      }
  return names;
}

export function personNames(): NamePart[] {
  const names: NamePart[] = [];
  for (const [surname, surnameKana] of SURNAMES)
    for (const [given, givenKana] of GIVEN_NAMES) {
      const name = `${surname} ${given}`;
      const nameKana = `${surnameKana} ${givenKana}`;
      names.push({ name, nameKana, searchKey: searchKeyOf(name, nameKana) });
    }
  return names;
}

export function addresses(): AddressPart[] {
  const parts: AddressPart[] = [];
  PREFECTURES.forEach((prefecture, index) => {
    const cities = CITIES[prefecture] ?? [[CAPITALS[index] ?? '', String(100 + index * 18).padStart(3, '0')]];
    for (const [city, postalPrefix] of cities)
      for (const street of STREETS.slice(0, 3)) parts.push({ prefecture, city, postalPrefix, line1: street });
  });
  return parts;
}
