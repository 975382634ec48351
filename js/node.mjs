// Node (ESM): the CommonJS entry re-exported, so `import` and `require` share one instance.
import hookgate from './node.cjs';

export const {
  Webhook,
  sign,
  detectScheme,
  schemes,
  explain,
  normalize,
  toSlack,
  toDiscord,
  HookgateError,
  WebhookVerificationError,
  WebhookConfigError,
  init,
  initSync,
} = hookgate;
export default hookgate;
