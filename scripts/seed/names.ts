import { type Rng, WeightedTable } from './prng.js';

export type Gender = 'male' | 'female';

/** Surnames with rough weights for Gansu: the national top ten plus names common in the north-west. */
const HAN_SURNAMES = new WeightedTable<string>([
  ['王', 75],
  ['李', 72],
  ['张', 68],
  ['刘', 50],
  ['陈', 35],
  ['杨', 42],
  ['黄', 15],
  ['赵', 26],
  ['吴', 15],
  ['周', 15],
  ['徐', 10],
  ['孙', 12],
  ['马', 28],
  ['朱', 10],
  ['胡', 12],
  ['郭', 12],
  ['何', 14],
  ['高', 12],
  ['林', 4],
  ['罗', 8],
  ['郑', 6],
  ['梁', 8],
  ['谢', 6],
  ['宋', 8],
  ['唐', 7],
  ['许', 6],
  ['韩', 8],
  ['冯', 6],
  ['邓', 5],
  ['曹', 7],
  ['彭', 5],
  ['曾', 3],
  ['肖', 4],
  ['田', 8],
  ['董', 8],
  ['袁', 6],
  ['潘', 4],
  ['于', 5],
  ['蒋', 4],
  ['蔡', 4],
  ['余', 4],
  ['杜', 7],
  ['叶', 3],
  ['程', 5],
  ['苏', 6],
  ['魏', 12],
  ['吕', 5],
  ['丁', 6],
  ['任', 7],
  ['沈', 3],
  ['姚', 5],
  ['卢', 4],
  ['姜', 4],
  ['崔', 4],
  ['钟', 2],
  ['汪', 6],
  ['范', 5],
  ['金', 4],
  ['石', 5],
  ['贾', 7],
  ['夏', 3],
  ['付', 5],
  ['方', 3],
  ['白', 6],
  ['孟', 5],
  ['秦', 5],
  ['尹', 3],
  ['薛', 5],
  ['闫', 8],
  ['段', 5],
  ['雷', 4],
  ['侯', 5],
  ['史', 4],
  ['贺', 4],
  ['毛', 4],
  ['郝', 5],
  ['邵', 3],
  ['万', 3],
  ['严', 3],
  ['武', 5],
  ['孔', 3],
  ['汤', 2],
  ['岳', 4],
  ['常', 4],
  ['祁', 3],
  ['安', 3],
  ['柴', 3],
  ['蒲', 2],
  ['党', 3],
  ['巩', 2],
  ['漆', 2],
  ['豆', 2],
  ['窦', 2],
  ['裴', 2],
  ['靳', 2],
  ['焦', 3],
  ['康', 3],
  ['鲁', 3],
  ['景', 2],
  ['苟', 2],
  ['雒', 2],
  ['牛', 6],
  ['把', 1.5],
  ['妥', 1.5],
  ['火', 0.5],
  ['铁', 1],
  ['满', 1],
  ['令狐', 0.5],
]);

/** Surnames by ethnic group, for minority members (Tibetan names have no surname). */
const MINORITY_SURNAMES: Record<string, WeightedTable<string>> = {
  回族: new WeightedTable([
    ['马', 40],
    ['丁', 6],
    ['白', 5],
    ['穆', 4],
    ['沙', 4],
    ['冶', 4],
    ['哈', 3],
    ['喇', 3],
    ['妥', 3],
    ['把', 2],
    ['海', 3],
    ['米', 2],
    ['杨', 4],
    ['王', 5],
    ['张', 4],
    ['李', 3],
    ['韩', 3],
    ['苏', 2],
    ['金', 2],
  ]),
  东乡族: new WeightedTable([
    ['马', 30],
    ['妥', 8],
    ['汪', 6],
    ['何', 5],
    ['唐', 4],
    ['赵', 3],
    ['张', 3],
    ['陈', 2],
  ]),
  保安族: new WeightedTable([
    ['马', 20],
    ['妥', 6],
    ['韩', 4],
    ['何', 3],
  ]),
  撒拉族: new WeightedTable([
    ['韩', 20],
    ['马', 15],
    ['沈', 3],
    ['冶', 3],
  ]),
  土族: new WeightedTable([
    ['李', 10],
    ['祁', 8],
    ['鲁', 5],
    ['吕', 4],
    ['王', 4],
    ['辛', 2],
  ]),
  满族: new WeightedTable([
    ['关', 8],
    ['佟', 6],
    ['赵', 5],
    ['金', 5],
    ['王', 4],
    ['那', 3],
    ['富', 2],
  ]),
  蒙古族: new WeightedTable([
    ['包', 8],
    ['白', 6],
    ['韩', 4],
    ['宝', 3],
    ['王', 3],
  ]),
  裕固族: new WeightedTable([
    ['安', 6],
    ['郭', 5],
    ['杜', 4],
    ['贺', 3],
    ['兰', 2],
  ]),
};

const MALE_CHARS = [
  ...'伟强军磊勇杰涛斌超明刚平辉鹏华飞鑫波宁海文建国志兴福林东峰浩宇博俊晨轩睿帆锋亮虎龙德成忠祥荣贵生元永学武新庆彬旭昊阳晓振立春保喜山全良胜有金才发民安斌涛栋瑞凯',
];
const FEMALE_CHARS = [
  ...'芳娟敏静丽艳霞燕玲红梅琳婷雪慧洁莉萍英兰秀桂凤琴娜倩颖欣怡佳悦雯璐瑶涵萱晶蓉薇华玉春芬珍菊云彤琪丹妍宁娇',
];

/** Characters that make a one-character given name (伟, 芳) rather than only half of one (有, 才). */
const SINGLE_MALE = [
  ...'伟强军磊勇杰涛斌超明刚平辉鹏华飞鑫波宁海文峰浩宇博俊晨睿锋亮龙忠祥荣彬旭昊阳振立栋瑞凯',
];
const SINGLE_FEMALE = [
  ...'芳娟敏静丽艳霞燕玲红梅琳婷雪慧洁莉萍英兰琴娜倩颖欣怡悦雯璐瑶萱晶蓉薇玉云彤琪丹妍娇',
];

/** Given names typical of the generation born before about 1965. */
const OLD_MALE =
  '建国 建军 国庆 卫东 卫国 援朝 振华 志强 永福 德胜 长林 明德 学文 有才 国栋 文斌 福海 永祥 玉林 兴旺 解放 跃进 忠孝 世荣 万福'.split(
    ' ',
  );
const OLD_FEMALE =
  '秀英 桂兰 玉兰 秀兰 凤英 桂英 淑珍 玉梅 兰英 秀珍 桂芳 春梅 玉珍 淑兰 凤兰 金花 翠兰 素琴 红英 爱华'.split(
    ' ',
  );
/** Given names typical of the generation born after about 1990. */
const YOUNG_MALE =
  '子轩 浩然 宇航 梓豪 一鸣 博文 天佑 俊杰 思远 家豪 嘉乐 皓轩 泽宇 文博 奕辰 明哲 子墨 宇轩 晨阳 锦程'.split(
    ' ',
  );
const YOUNG_FEMALE =
  '子涵 欣怡 梓萱 诗涵 雨萱 思琪 可欣 佳怡 一诺 梦瑶 心怡 雨桐 语桐 若曦 佳琪 雅琪 紫涵 静怡 梦琪 晓雯'.split(
    ' ',
  );
const TIBETAN_MALE = [
  '扎西',
  '才让',
  '多杰',
  '旦增',
  '次仁',
  '索南',
  '贡保',
  '尕藏',
  '桑吉',
  '更登',
  '洛桑',
  '完玛',
];
const TIBETAN_FEMALE = ['卓玛', '拉毛', '央金', '德吉', '措姆', '卓嘎', '才措', '吉毛', '草毛', '仁青'];

/** A realistic full name for a member of the given gender, birth year and ethnic group (by name). */
export function personName(rng: Rng, gender: Gender, birthYear: number, ethnicGroup: string): string {
  const male = gender === 'male';
  if (ethnicGroup === '藏族') {
    // Tibetan names have no surname: two names, the first often a male one even for women (才让卓玛).
    const first = rng.pick(male || rng.chance(0.5) ? TIBETAN_MALE : TIBETAN_FEMALE);
    const pool = male ? TIBETAN_MALE : TIBETAN_FEMALE;
    let second = rng.pick(pool);
    while (second === first) second = rng.pick(pool);
    return first + second;
  }
  const surname = (MINORITY_SURNAMES[ethnicGroup] ?? HAN_SURNAMES).draw(rng);
  const era = birthYear < 1965 ? 'old' : birthYear >= 1990 ? 'young' : 'middle';
  if (era === 'old' && rng.chance(0.45)) return surname + rng.pick(male ? OLD_MALE : OLD_FEMALE);
  if (era === 'young' && rng.chance(0.45)) return surname + rng.pick(male ? YOUNG_MALE : YOUNG_FEMALE);
  const chars = male ? MALE_CHARS : FEMALE_CHARS;
  // One-character given names were common from the 1960s to the 1990s.
  const single = rng.chance(era === 'middle' ? 0.35 : 0.2);
  if (single) return surname + rng.pick(male ? SINGLE_MALE : SINGLE_FEMALE);
  const a = rng.pick(chars);
  let b = rng.pick(chars);
  if (b === a && rng.chance(0.7)) b = rng.pick(chars);
  return surname + a + b;
}

const BRANDS =
  '恒达 金鼎 瑞丰 鸿运 华通 丝路 陇原 金河 西部 白塔 祥瑞 汇通 博远 天成 嘉禾 宏业 兴隆 安泰 伟业 众诚 德润 金桥 远景 启航 泰和 中川 五泉 兰山 金城 黄河源'.split(
    ' ',
  );
const INDUSTRIES =
  '商贸 餐饮管理 建筑工程 物流 信息技术 物业管理 装饰工程 医药连锁 广告传媒 教育咨询 电子科技 汽车服务 农业科技 食品 环保科技 家政服务'.split(
    ' ',
  );

/** Plausible (invented) small-enterprise names, distinct from every name handed out before. */
export class CompanyNames {
  private readonly used = new Set<string>();

  constructor(private readonly rng: Rng) {}

  next(): string {
    for (;;) {
      const prefix = this.rng.chance(0.7) ? '兰州' : '甘肃';
      const name = `${prefix}${this.rng.pick(BRANDS)}${this.rng.pick(INDUSTRIES)}有限公司`;
      if (!this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
  }
}
