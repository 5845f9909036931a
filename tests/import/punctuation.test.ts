import { describe, expect, it } from 'vitest';
import { cleanPunctuation, protectedSpans } from '../../src/import/punctuation.ts';

const nfkc = (s: string) => s.normalize('NFKC');

describe('punctuation: ASCII marks in Chinese text become full width', () => {
  it.each([
    ['以去年天猫双十一为例,在912.7亿元', '以去年天猫双十一为例，在912.7亿元'],
    ['六度分离理论:你和任何陌生人', '六度分离理论：你和任何陌生人'],
    ['越来越高;另一方面', '越来越高；另一方面'],
    ['还是在夹缝中生存?', '还是在夹缝中生存？'],
    ['太好了!我们走', '太好了！我们走'],
    ['超过了10亿,平均每天', '超过了10亿，平均每天'],
    ['前100名卖家,即双十一商户的1%,占', '前100名卖家，即双十一商户的1%，占'],
    ['“你好”,他说', '“你好”，他说'],
    ['中文 , 中文', '中文 ， 中文'],
    ['Hello,世界', 'Hello，世界'],
    ['你用过facebook?', '你用过facebook？'],
    ['(一)背景', '（一）背景'],
  ])('%s', (input, expected) => {
    expect(cleanPunctuation(input)).toBe(expected);
    expect(nfkc(cleanPunctuation(input))).toBe(nfkc(input));
  });
  it('parentheses around Latin text inside Chinese text are converted as a pair', () => {
    expect(cleanPunctuation('店主杰奎琳·迈尔斯(jacquelyn myers)强调了')).toBe('店主杰奎琳·迈尔斯（jacquelyn myers）强调了');
    expect(cleanPunctuation('公司(注:非上市)成立')).toBe('公司（注：非上市）成立');
  });
});

describe('punctuation: exceptions', () => {
  it.each([
    ['numbers', '在912.7亿元,增长30-50%,在10.10周年', '在912.7亿元，增长30-50%，在10.10周年'],
    ['thousands separator and times', '共1,000元,时间10:30开始', '共1,000元，时间10:30开始'],
    ['Latin words and sentences', 'He said: yes, (maybe) no; why? stop!', 'He said: yes, (maybe) no; why? stop!'],
    ['a Latin call glued to a word', '函数f(x)的值', '函数f(x)的值'],
    ['ratios inside Latin/digits', '比例为3:1左右', '比例为3:1左右'],
    ['domains', '现在天猫、JD.com等平台,在美国babyandmegifts.com销售', '现在天猫、JD.com等平台，在美国babyandmegifts.com销售'],
    ['domain with port and path', '访问example.org:8080/a?b=1,c=2吧', '访问example.org:8080/a?b=1,c=2吧'],
    ['URLs', '地址:http://www.leixj.com/new/6302.html?a=1,2;b=(3)', '地址：http://www.leixj.com/new/6302.html?a=1,2;b=(3)'],
    ['URL followed by Chinese punctuation', '见https://a.cn/x,然后', '见https://a.cn/x，然后'],
    ['e-mail', '联系a.b@mail.example.com:谢谢', '联系a.b@mail.example.com：谢谢'],
  ])('%s', (_name, input, expected) => {
    expect(cleanPunctuation(input)).toBe(expected);
  });
  it('finds protected spans without trailing sentence marks', () => {
    const text = '见http://x.cn/a?b=1, 和JD.com.';
    expect(protectedSpans(text).map(([s, e]) => text.slice(s, e))).toEqual(['http://x.cn/a?b=1', 'JD.com']);
  });
  it('leaves text without ASCII marks byte for byte', () => {
    const s = '2015年10月17日，JD.com腾讯战略性地推出了景腾计划。';
    expect(cleanPunctuation(s)).toBe(s);
  });
});
