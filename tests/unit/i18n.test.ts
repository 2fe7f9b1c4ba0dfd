import { describe, expect, it } from 'vitest';
import { en } from '../../lib/i18n/en';
import { zh } from '../../lib/i18n/zh';
import { formatMessage, localeFromAcceptLanguage, translator } from '../../lib/i18n';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('UI text', () => {
  it('has every English key in Chinese with the same placeholders', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect({ key, vars: placeholders(zh[key]) }).toEqual({ key, vars: placeholders(en[key]) });
      expect(zh[key].trim()).not.toBe('');
    }
  });

  it('fills variables and leaves unknown ones visible', () => {
    expect(formatMessage('{a} of {b}', { a: 1 })).toBe('1 of {b}');
    expect(translator('zh')('members.added', { email: 'a@b.c', role: '运营' })).toBe('已添加 a@b.c，角色为 运营。');
  });

  it('picks Chinese for browsers that prefer it', () => {
    expect(localeFromAcceptLanguage('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh');
    expect(localeFromAcceptLanguage('en-US,en;q=0.9,zh;q=0.5')).toBe('zh');
    expect(localeFromAcceptLanguage('de-DE')).toBe('en');
    expect(localeFromAcceptLanguage(null)).toBe('en');
  });
});
