// The part of every page's header that is about who is looking: the links to the other pages this user may
// open, a role badge, and sign-in (a small form under the header) or sign-out. One module for the cockpit
// and the planner; the wall screen stays anonymous and shows the links only. Talks to the server through
// core/api.js (getSession, signIn, signOut); tells the page when the session changes so it can fetch again.

import { getSession, signIn, signOut, NetworkError } from './api.js';
import { t, getLang, onLangChange } from './i18n.js';

const ROLES = ['public', 'leader', 'planner', 'admin'];

/** The pages, in header order, with the least role that may open each from the header. */
export const PAGES = [
  { id: 'cockpit', href: '/', least: 'public' },
  { id: 'planner', href: '/planner', least: 'leader' },
  { id: 'screen', href: '/screen', least: 'public' },
  { id: 'onboard', href: '/onboard', least: 'admin' }, // onboarding a catalogue layer (issue 18)
];

/** Whether `role` is at least `least`. */
export function reaches(role, least) {
  return ROLES.indexOf(role ?? 'public') >= ROLES.indexOf(least);
}

function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The current query's `lang` (and theme) travel with a page link, so the next page speaks the same language. */
function linkTo(href) {
  const here = new URLSearchParams(window.location.search);
  const keep = new URLSearchParams();
  if (here.get('lang')) keep.set('lang', here.get('lang'));
  const query = keep.toString();
  return query ? `${href}?${query}` : href;
}

/**
 * Options:
 * - `page`: 'cockpit' | 'planner' | 'screen' | 'onboard' (the page itself is not linked)
 * - `signIn`: whether the header offers its own sign-in form (false on the planner, whose page is the form,
 *   and on the wall screen, which stays anonymous)
 * - `links`: whether to show the page links
 * - `onChange(session)`: after a sign-in or sign-out made here
 * - `anonymous`: never asks the server who is signed in (the wall screen)
 */
export class SessionHeader {
  constructor(container, {
    page, signIn: offerSignIn = true, links = true, anonymous = false, onChange = () => {}, before = null,
  }) {
    this._page = page;
    this._offerSignIn = offerSignIn;
    this._links = links;
    this._anonymous = anonymous;
    this._onChange = onChange;
    this.session = { signedIn: false, role: 'public' };

    this._root = el('div', { class: 'xt-session', id: 'session' });
    this._nav = el('nav', { class: 'xt-pages', id: 'page-links' });
    this._badge = el('span', { class: 'xt-role', id: 'role-badge' });
    this._user = el('span', { class: 'xt-user', id: 'user-name', hidden: '' });
    this._signInButton = el('button', {
      type: 'button', class: 'xt-header__button', id: 'signin-open', 'aria-expanded': 'false', 'aria-controls': 'signin-pop',
    });
    this._signOutButton = el('button', { type: 'button', class: 'xt-header__button', id: 'sign-out', hidden: '' });
    this._form = this._buildForm();
    this._root.append(this._nav, this._badge, this._user, this._signInButton, this._signOutButton, this._form);
    if (before && before.parentNode === container) container.insertBefore(this._root, before);
    else container.prepend(this._root);

    this._signInButton.addEventListener('click', () => this.toggleForm());
    this._signOutButton.addEventListener('click', () => this._doSignOut());
    this._form.addEventListener('submit', (event) => this._doSignIn(event));
    this._form.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.toggleForm(false);
    });
    onLangChange(() => this.render());
    this.render();
  }

  /** Asks the server who is signed in (not on an anonymous page); resolves to the session. */
  async load() {
    if (this._anonymous) return this.session;
    try {
      this.session = await getSession();
    } catch (error) {
      console.warn('Xiangtu: the session could not be read', error);
    }
    this.render();
    return this.session;
  }

  /** Sets the session after a sign-in made by the page itself (the planner's form). */
  setSession(session) {
    this.session = session ?? { signedIn: false, role: 'public' };
    this.render();
  }

  get role() {
    return this.session?.signedIn ? this.session.role : 'public';
  }

  toggleForm(open = this._form.hidden) {
    this._form.hidden = !open;
    this._signInButton.setAttribute('aria-expanded', String(open));
    if (open) {
      this._formError.hidden = true;
      this._form.querySelector('input').focus();
    }
  }

  render() {
    const lang = getLang();
    const role = this.role;
    const signedIn = Boolean(this.session?.signedIn);
    this._nav.setAttribute('aria-label', t('header.pages', {}, lang));
    this._nav.replaceChildren(...PAGES.filter((p) => p.id !== this._page && reaches(role, p.least))
      .map((p) => el('a', { class: 'xt-pages__link', href: linkTo(p.href), 'data-page': p.id }, t(`header.page.${p.id}`, {}, lang))));
    this._nav.hidden = !this._links;
    this._badge.textContent = t(`header.role.${role}`, {}, lang);
    this._badge.dataset.role = role;
    this._badge.title = t('header.roleTitle', {}, lang);
    this._badge.hidden = this._anonymous;
    this._user.hidden = !signedIn;
    this._user.textContent = signedIn ? this.session.name : '';
    this._signInButton.textContent = t('header.signIn', {}, lang);
    this._signInButton.hidden = signedIn || !this._offerSignIn || this._anonymous;
    this._signOutButton.textContent = t('header.signOut', {}, lang);
    this._signOutButton.hidden = !signedIn;
    this._formTitle.textContent = t('header.signInTitle', {}, lang);
    this._nameLabel.textContent = t('header.name', {}, lang);
    this._passwordLabel.textContent = t('header.password', {}, lang);
    this._submit.textContent = t('header.submit', {}, lang);
    this._cancel.textContent = t('header.cancel', {}, lang);
    if (signedIn && !this._form.hidden) this.toggleForm(false);
  }

  _buildForm() {
    const form = el('form', { class: 'xt-signin-pop', id: 'signin-pop', hidden: '', novalidate: '' });
    this._formTitle = el('h2', { class: 'xt-signin-pop__title', id: 'signin-pop-title' });
    form.setAttribute('aria-labelledby', 'signin-pop-title');
    const field = (name, type, autocomplete) => {
      const label = el('label', { class: 'xt-signin-pop__field' });
      const text = el('span');
      const input = el('input', { name, id: `header-${name}`, type, autocomplete, required: '' });
      label.append(text, input);
      return [label, text];
    };
    const [nameField, nameText] = field('name', 'text', 'username');
    const [passwordField, passwordText] = field('password', 'password', 'current-password');
    this._nameLabel = nameText;
    this._passwordLabel = passwordText;
    this._formError = el('p', { class: 'xt-signin-pop__error', id: 'header-signin-error', role: 'alert', hidden: '' });
    this._submit = el('button', { type: 'submit', class: 'xt-signin-pop__submit', id: 'header-signin-submit' });
    this._cancel = el('button', { type: 'button', class: 'xt-signin-pop__cancel' });
    this._cancel.addEventListener('click', () => {
      this.toggleForm(false);
      this._signInButton.focus();
    });
    const buttons = el('div', { class: 'xt-signin-pop__buttons' });
    buttons.append(this._submit, this._cancel);
    form.append(this._formTitle, nameField, passwordField, this._formError, buttons);
    return form;
  }

  async _doSignIn(event) {
    event.preventDefault();
    const data = new FormData(this._form);
    this._submit.disabled = true;
    try {
      const session = await signIn(String(data.get('name') || ''), String(data.get('password') || ''));
      this._form.reset();
      this.session = session;
      this.toggleForm(false);
      this.render();
      this._signOutButton.focus();
      this._onChange(this.session);
    } catch (error) {
      const detail = error instanceof NetworkError ? t('error.network') : (error.problem?.detail || error.message);
      this._formError.textContent = t('header.failed', { detail });
      this._formError.hidden = false;
    } finally {
      this._submit.disabled = false;
    }
  }

  async _doSignOut() {
    try {
      await signOut();
    } catch (error) {
      console.warn('Xiangtu: sign-out failed', error);
    }
    this.session = { signedIn: false, role: 'public' };
    this.render();
    this._signInButton.focus();
    this._onChange(this.session);
  }
}
