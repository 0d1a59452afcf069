import './assets/main.css';
import { createApp } from 'vue';
import b24UiPlugin from '@bitrix24/b24ui-nuxt/vue-plugin';
import App from './App.vue';
import { router } from './router';
import { readLaunch } from './services/launch';
import { startSession } from './services/session';
import { launch, loadMe } from './state';

const found = readLaunch();
if (found) {
  launch.value = found;
  startSession(found.session);
  void loadMe();
}

const app = createApp(App);
app.use(router);
app.use(b24UiPlugin);
app.mount('#app');
