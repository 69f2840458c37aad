import { createHash } from 'node:crypto';
import { QUEUE_AND_SETTINGS } from './moderator-script-queue.ts';
import { SIGN_IN_AND_API } from './moderator-script-sign-in.ts';

/** `/moderate.js`: one script, no framework. */
export const MODERATOR_SCRIPT = `${SIGN_IN_AND_API}\n${QUEUE_AND_SETTINGS}`;

export const MODERATOR_STYLE = `
body{font:15px/1.5 system-ui,sans-serif;color:#1d2327;margin:0;background:#f0f0f1}
.bar{display:flex;gap:1rem;align-items:center;background:#1d2327;color:#fff;padding:.6rem 1rem}
.bar h1{font-size:1.2rem;margin:0;flex:1}
.who{color:#c3c4c7;font-size:.9rem}
main{max-width:1200px;margin:1rem auto;padding:0 1rem}
section{background:#fff;border:1px solid #c3c4c7;padding:1rem;margin-bottom:1rem}
h2{font-size:1.1rem;margin-top:0}
button,select,input,textarea{font:inherit}
button{background:#f6f7f7;border:1px solid #2271b1;color:#2271b1;border-radius:3px;padding:.25rem .7rem;cursor:pointer}
button.primary{background:#2271b1;color:#fff}
button:focus,input:focus,textarea:focus,select:focus,tr:focus{outline:2px solid #2271b1;outline-offset:1px}
.alert{background:#fcf0f1;border-left:4px solid #d63638;padding:.6rem 1rem;margin:1rem auto;max-width:1168px}
.notice:not(:empty){background:#edfaef;border-left:4px solid #00a32a;padding:.6rem 1rem;margin:1rem auto;max-width:1168px}
.tabs{display:flex;gap:.4rem;margin-bottom:.8rem}
.tabs button[aria-pressed=true]{background:#2271b1;color:#fff}
.filter,.bulk{display:inline-flex;gap:.4rem;align-items:center;margin:0 1rem .8rem 0}
table.comments{width:100%;border-collapse:collapse}
table.comments th,table.comments td{text-align:left;vertical-align:top;border-bottom:1px solid #dcdcde;padding:.5rem}
tr.status-pending td{background:#fef7f1}
tr.current td{box-shadow:inset 0 0 0 9999px rgba(34,113,177,.08)}
tr.current td:first-child{border-left:4px solid #2271b1}
.author .email,.author .ip,.author .url,.meta{color:#50575e;font-size:.85rem;word-break:break-all}
.reasons{margin:.2rem 0;padding-left:1.2rem;color:#8a2424}
.why{font-size:.9rem}
.row-actions{display:flex;flex-wrap:wrap;gap:.3rem;margin-top:.4rem}
.panel{margin-top:.6rem;padding:.6rem;background:#f6f7f7}
.editor label,.setting label{display:block;font-weight:600;margin:.4rem 0 .1rem}
.setting label.inline{display:inline;font-weight:400}
.editor input,.editor textarea,.setting textarea{width:100%;box-sizing:border-box}
.history{margin:0;padding-left:1.2rem}
#sign-in label{display:block;font-weight:600;margin-bottom:.2rem}
#sign-in textarea{width:100%;max-width:60rem;box-sizing:border-box;font-family:ui-monospace,monospace}
table.comments th:first-child{width:2rem}
table.comments th:nth-child(2){width:22%}
table.comments th:nth-child(4){width:14%}
.keys{color:#50575e;font-size:.85rem}
kbd{border:1px solid #c3c4c7;border-radius:3px;padding:0 .3rem;background:#f6f7f7}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
`;

/** Changes with the script or the style: browsers revalidate cheaply. */
export const MODERATOR_ASSETS_ETAG = `"${createHash('sha256').update(MODERATOR_SCRIPT).update(MODERATOR_STYLE).digest('base64url').slice(0, 16)}"`;
