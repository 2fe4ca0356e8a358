// The cockpit's "briefing PDF" link, in the scope bar beside the data date: a real link to /api/briefing for the
// scope, date, income year, theme and language on screen, so it can be copied, opened with the keyboard or saved
// with the browser's own menu. A plain click fetches the pack instead, so the page can say "generating…" while the
// server works and show why it failed (e.g. 429: try again in N s) rather than leave a broken download.

import { getBriefing, HttpError, NetworkError } from '../core/api.js';
import { t } from '../core/i18n.js';

/** The town a dashboard scope ({level, code, path}) lies in, or null at district level. */
function townOf(scope) {
  if (!scope) return null;
  if (scope.level === 'town') return { code: scope.code, name: scope.name };
  return scope.path?.find((p) => p.level === 'town') ?? null;
}

/**
 * The /api/briefing address of a dashboard scope: the district's pack, or the town's (a village's is its town's),
 * for the given date, income year, theme and language (each left out when null).
 */
export function briefingHref(scope, { asOf = null, year = null, theme = null, lang = null } = {}) {
  const town = townOf(scope);
  const parts = [`scope=${town ? `town:${encodeURIComponent(town.code)}` : 'district'}`];
  if (asOf) parts.push(`asOf=${encodeURIComponent(asOf)}`);
  if (year !== null && year !== undefined) parts.push(`year=${encodeURIComponent(String(year))}`);
  if (theme) parts.push(`theme=${encodeURIComponent(theme)}`);
  if (lang) parts.push(`lang=${encodeURIComponent(lang)}`);
  return `/api/briefing?${parts.join('&')}`;
}

/** A failed pack in words: a 429 as "try again in N s", else the problem's detail. */
function failure(error) {
  if (error instanceof HttpError && error.status === 429 && error.retryAfter !== null) {
    return { key: 'briefing.tooMany', vars: { seconds: error.retryAfter } };
  }
  if (error instanceof NetworkError) return { key: 'error.network', vars: {} };
  const detail = error?.problem?.detail || error?.problem?.title || error?.message || '';
  return { key: 'briefing.failed', vars: { detail } };
}

/**
 * Keeps `link` (an <a download>) in step with the cockpit and `status` (a live region) saying what a click did.
 * The link's data-state is "idle", "busy", "done" or "error".
 */
export class BriefingLink {
  constructor(link, status) {
    this._link = link;
    this._status = status;
    this._lang = 'zh';
    this._town = null; // the town's name in the current language, null at district level
    this._message = null; // {key, vars} of the status line
    this._busy = false;
    this._pack = null; // the address of the pack the link asks for, without the language
    this._link.dataset.state = 'idle';
    this._link.addEventListener('click', (event) => this._onClick(event));
  }

  /**
   * The scope on screen (the dashboard's), its date, income year, theme and language; `placeName(code, name)`
   * names the town in `lang` for the link's title.
   */
  update({ scope, asOf, year, theme, lang, placeName = (code, name) => name }) {
    this._lang = lang;
    const town = townOf(scope);
    // another pack asked for: what was said about the last one no longer applies (a new language is the same pack)
    const pack = briefingHref(scope, { asOf, year, theme });
    if (pack !== this._pack && !this._busy) {
      this._message = null;
      this._link.dataset.state = 'idle';
    }
    this._pack = pack;
    this._link.href = briefingHref(scope, { asOf, year, theme, lang });
    this._link.dataset.scope = town ? `town:${town.code}` : 'district';
    this._town = town ? placeName(town.code, town.name) : null;
    this._render();
  }

  _render() {
    const lang = this._lang;
    this._link.textContent = t(this._busy ? 'briefing.busy' : 'briefing.button', {}, lang);
    this._link.title = this._town
      ? t('briefing.titleTown', { town: this._town }, lang)
      : t('briefing.titleDistrict', {}, lang);
    this._link.setAttribute('aria-busy', String(this._busy));
    this._status.textContent = this._message ? t(this._message.key, this._message.vars, lang) : '';
    this._status.hidden = !this._message;
  }

  async _onClick(event) {
    // a middle click, Ctrl/Shift/Alt/Cmd click is the browser's own (new tab, save link as…)
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    if (this._busy) return;
    this._busy = true;
    this._message = { key: 'briefing.busy', vars: {} };
    this._link.dataset.state = 'busy';
    this._render();
    try {
      const { blob, fileName } = await getBriefing(this._link.getAttribute('href'));
      save(blob, fileName);
      this._message = { key: 'briefing.done', vars: { file: fileName } };
      this._link.dataset.state = 'done';
      this._link.dataset.file = fileName;
    } catch (error) {
      console.warn('Xiangtu: the briefing pack could not be made', error);
      this._message = failure(error);
      this._link.dataset.state = 'error';
    } finally {
      this._busy = false;
      this._render();
    }
  }
}

/** Hands a fetched file to the browser's downloads under its own name. */
function save(blob, fileName) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
