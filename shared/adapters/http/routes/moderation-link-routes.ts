import type { Context } from 'hono';
import * as z from 'zod';
import { actOnLink, limitLinkRequests, previewLink } from '../../../use-cases/moderation-links.ts';
import type { AppEnv, ModeratorAppDeps } from '../app-deps.ts';
import { sendPage } from '../content-security-policy.ts';
import { setErrorAnswer } from '../http-errors.ts';
import type { ApiRoutes } from '../openapi.ts';
import { renderLinkConfirmation, renderLinkDone, renderLinkProblem } from '../pages/moderation-link-pages.ts';

const LinkToken = z.string().max(200).meta({ description: 'The signed link token from the notification.' });
const html = (description: string) => ({ description, schema: z.string(), contentType: 'text/html' });
const linkResponses = {
  404: html('Forged or malformed link'),
  409: html('Used already, or the comment changed since: names its current status'),
  410: html('Expired (links work for 7 days)'),
  429: html('Too many requests from this address (Retry-After)'),
};

/**
 * `GET|POST /moderation-links/{token}`: public (outside `/moderation/*` and its JWT
 * authorizer), rate limited per IP. GET only asks, POST acts once.
 */
export function registerModerationLinkRoutes(routes: ApiRoutes<AppEnv>, deps: ModeratorAppDeps): void {
  const answer = async (c: Context<AppEnv>, act: (token: string) => Promise<Parameters<typeof renderLinkDone>[0]>, render: typeof renderLinkDone) => {
    // The token is a capability: not cached, not indexed, not sent on as a Referer.
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Robots-Tag', 'noindex');
    const moderateUrl = '/moderate';
    try {
      await limitLinkRequests(deps, deps.clientIp(c));
      const page = render(await act(c.req.param('token') ?? ''), moderateUrl);
      c.status(200);
      return sendPage(c, page);
    } catch (error) {
      const { status, body } = setErrorAnswer(c, error);
      return sendPage(c, renderLinkProblem(status, body.error.message, moderateUrl));
    }
  };
  const base = { path: '/moderation-links/{token}', tags: ['moderation links'], params: { token: LinkToken } } as const;
  routes.add(
    { ...base, method: 'get', summary: 'Confirmation page of a notification link (changes nothing)', responses: { 200: html('What the link would do, with a button'), ...linkResponses } },
    (c) => answer(c, (token) => previewLink(deps, token), renderLinkConfirmation),
  );
  routes.add(
    { ...base, method: 'post', summary: 'Performs the link’s action, once', responses: { 200: html('What was done'), ...linkResponses } },
    (c) => answer(c, (token) => actOnLink(deps, token), renderLinkDone),
  );
}
