import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router'
import { session, onSessionEnd } from './auth/session'
import { canSee, homeFor, type PageKey } from './auth/menus'

declare module 'vue-router' {
  interface RouteMeta {
    page?: PageKey
  }
}

// Every page is its own chunk, loaded when first opened.
export const router = createRouter({
  history: createWebHistory('/console/'),
  routes: [
    { path: '/signin', name: 'signin', component: () => import('./pages/SignInPage.vue') },
    {
      path: '/',
      component: () => import('./layout/ConsoleLayout.vue'),
      children: [
        { path: '', name: 'home', component: () => import('./pages/ForbiddenPage.vue') },
        { path: 'dashboard', name: 'dashboard', meta: { page: 'dashboard' }, component: () => import('./pages/DashboardPage.vue') },
        { path: 'members', name: 'members', meta: { page: 'members' }, component: () => import('./pages/MembersPage.vue') },
        { path: 'members/:memberId', name: 'member', meta: { page: 'members' }, component: () => import('./pages/MemberPage.vue') },
        { path: 'cashier', name: 'cashier', meta: { page: 'cashier' }, component: () => import('./pages/CashierPage.vue') },
        { path: 'campaigns', name: 'campaigns', meta: { page: 'campaigns' }, component: () => import('./pages/CampaignsPage.vue') },
        { path: 'campaigns/:campaignId', name: 'campaign', meta: { page: 'campaigns' }, component: () => import('./pages/CampaignPage.vue') },
        { path: 'rules', name: 'rules', meta: { page: 'rules' }, component: () => import('./pages/RulesPage.vue') },
        { path: 'staff', name: 'staff', meta: { page: 'staff' }, component: () => import('./pages/StaffPage.vue') },
        { path: 'audit', name: 'audit', meta: { page: 'audit' }, component: () => import('./pages/AuditPage.vue') },
        { path: 'operations', name: 'operations', meta: { page: 'operations' }, component: () => import('./pages/OperationsPage.vue') },
        { path: 'forbidden', name: 'forbidden', component: () => import('./pages/ForbiddenPage.vue') },
        { path: ':rest(.*)*', name: 'notfound', component: () => import('./pages/ForbiddenPage.vue') },
      ],
    },
  ],
})

/** Where a navigation must go instead, or true to let it through: sign-in first, then only the role's pages. */
export function guard(to: Pick<RouteLocationNormalized, 'name' | 'meta' | 'fullPath'>): true | { name: string; query?: Record<string, string> } {
  if (to.name === 'signin') return true
  if (!session.token) return { name: 'signin', query: { redirect: to.fullPath } }
  if (to.name === 'home') {
    const home = homeFor(session.role)
    return home ? { name: home } : { name: 'forbidden' }
  }
  if (to.meta.page && !canSee(session.role, to.meta.page)) return { name: 'forbidden' }
  return true
}

router.beforeEach((to) => guard(to))

onSessionEnd((reason) => {
  void router.push({ name: 'signin', query: { reason: reason ?? '' } })
})
