/**
 * The page entry: `?endpoint=...&writeKey=...` on the page's URL point the app at another
 * collector; without them it sends to the reference collector on 127.0.0.1:4400.
 */
import { mountApp } from './app';

const params = new URLSearchParams(location.search);
mountApp(document.getElementById('root')!, {
  ...(params.get('endpoint') && { endpoint: params.get('endpoint')! }),
  ...(params.get('writeKey') && { writeKey: params.get('writeKey')! }),
});
