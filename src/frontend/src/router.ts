import { createRouter, createWebHashHistory } from 'vue-router';
import LeadsView from './views/LeadsView.vue';

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', name: 'leads', component: LeadsView },
    { path: '/my', name: 'my', component: () => import('./views/MyClaimsView.vue') },
    { path: '/terms', name: 'terms', component: () => import('./views/EligibilityView.vue') },
    { path: '/:pathMatch(.*)*', redirect: '/' },
  ],
});
