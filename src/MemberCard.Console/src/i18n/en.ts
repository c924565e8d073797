// English. Keys mirror zh-CN.ts exactly (a Vitest test checks it).
import type zh from './zh-CN'

const en: typeof zh = {
  app: { title: 'MemberCard Console', signOut: 'Sign out', language: 'Language', role: 'Role', store: 'Store', chain: 'All stores' },
  roles: { admin: 'Admin', marketing: 'Marketing', finance: 'Finance', store_manager: 'Store manager', cashier: 'Cashier' },
  menu: {
    dashboard: 'Dashboard', members: 'Members', cashier: 'Cashier', campaigns: 'Campaigns', rules: 'Rules',
    staff: 'Staff & terminals', audit: 'Audit log', operations: 'Operations',
  },
  signIn: {
    title: 'Staff sign-in', username: 'Username', password: 'Password', submit: 'Sign in',
    expired: 'Your session expired. Please sign in again.', signedOut: 'You signed out.', required: 'Enter username and password',
  },
  common: {
    loading: 'Loading…', empty: 'No data', search: 'Search', refresh: 'Refresh', confirm: 'Confirm', cancel: 'Cancel', save: 'Save',
    actions: 'Actions', status: 'Status', time: 'Time', yes: 'Yes', no: 'No', more: 'Load more', downloadCsv: 'Download CSV',
    error: 'Something went wrong', forbidden: 'Your role may not open this page.', notFound: 'Page not found', print: 'Print', close: 'Close',
  },
  dashboard: {
    title: 'Dashboard', range: 'Date range', period: 'Period', day: 'Daily', week: 'Weekly', month: 'Monthly',
    activeMembers: 'Active members', newMembers: 'New members', purchases: 'Purchases', purchaseAmount: 'Purchase amount',
    topUps: 'Top-ups', topUpPrincipal: 'Top-up principal', topUpBonus: 'Top-up bonus', liability: 'Stored-value liability',
    principal: 'Principal', bonus: 'Bonus', pointsIssued: 'Points issued', pointsRedeemed: 'Points redeemed', pointsExpired: 'Points expired',
    couponRate: 'Coupon redemption rate', members: 'Members', money: 'Amount (¥)', points: 'Points', cohorts: 'Retention cohorts',
    cohortMonth: 'Joined', monthOffset: 'Month {n}', totals: 'Range totals',
  },
  members: {
    title: 'Members', auto: 'Any', searchBy: 'Find by', phone: 'Phone', cardNo: 'Card number', memberId: 'Member id', notFound: 'No member found',
    profile: 'Profile', name: 'Name', tier: 'Tier', tags: 'Tags', birthday: 'Birthday', email: 'Email', joined: 'Joined',
    rollingSpend: '12-month spend', rollingPoints: '12-month points', nextTier: 'To next tier', topTier: 'Top tier reached',
    cards: 'Cards', balance: 'Balance', points: 'Points', principal: 'Principal', bonus: 'Bonus', issueCard: 'Issue card',
    freeze: 'Freeze', unfreeze: 'Unfreeze', replace: 'Report lost & replace', adjustPoints: 'Adjust points', reason: 'Reason', ledger: 'Ledger',
    coupons: 'Coupons', export: 'Export personal data', erase: 'Erase personal data', eraseConfirm: 'Erase this member\'s personal data? This cannot be undone.',
    type: 'Type', amount: 'Amount', orderNo: 'Order no.', saveTags: 'Save tags', register: 'Register member', registered: 'Member registered',
    done: 'Done', code: 'Code', campaign: 'Campaign', validUntil: 'Valid until',
  },
  cashier: {
    title: 'Cashier', cardField: 'Swipe / type card number or phone', scanHint: 'Scanner input ends with Enter', storeId: 'Store id',
    usableCoupons: 'Usable coupons', topUp: 'Top up', pay: 'Pay', refund: 'Refund', amount: 'Amount (¥)', bonusPreview: 'Bonus',
    confirmTopUp: 'Confirm top-up', quote: 'Quote', quoteResult: 'Quote',
    coupon: 'Coupon', noCoupon: 'None', pointsToRedeem: 'Points to use', payable: 'Payable', couponDiscount: 'Coupon discount',
    pointsDiscount: 'Points discount', pointsEarned: 'Points earned', confirmPay: 'Confirm payment', orderNo: 'Order no.', refundAmount: 'Refund amount (¥, empty = all)',
    confirmRefund: 'Confirm refund', receipt: 'Receipt', balanceAfter: 'Balance', pointsAfter: 'Points', invalidAmount: 'Enter a valid amount',
    chargedFromBalance: 'Paid from balance',
  },
  campaigns: {
    title: 'Campaigns', create: 'New campaign', openById: 'Open by campaign id', name: 'Name', kind: 'Coupon type', amountOff: 'Amount off (¥)',
    percentOff: 'Percent off', minimumSpend: 'Minimum spend (¥)', stores: 'Stores (empty = all)', validDays: 'Valid days after issue',
    perMemberLimit: 'Per-member limit', stock: 'Stock (empty = unlimited)', segment: 'Target segment', tiers: 'Tiers (comma-separated)', segTags: 'Tags (comma-separated)',
    allMembers: 'Empty = every member', start: 'Start issuing', pause: 'Pause', resume: 'Resume', cancelCampaign: 'Cancel campaign', progress: 'Issuing progress',
    issued: 'Issued', targeted: 'Target', rate: 'Rate (coupons/s)', stats: 'Statistics', redeemed: 'Redeemed', redemptionRate: 'Redemption rate',
    discount: 'Discount given', perStore: 'Per store', created: 'Campaign created', allStatuses: 'All statuses', matches: 'Matching members', count: 'Count',
    matchCount: '{matched} members (of {scanned} read)', status_draft: 'Draft', status_scheduled: 'Scheduled', status_issuing: 'Issuing',
    status_active: 'Active', status_paused: 'Paused', status_ended: 'Ended', status_cancelled: 'Cancelled',
    maxDiscount: 'Max discount (¥)', validUntil: 'Valid until', budget: 'Budget (¥, empty = unlimited)', stacksWithPoints: 'Combines with points',
    uploadedList: 'uploaded list', targets: 'Target list (one member id or phone per line)', upload: 'Upload', uploaded: 'Added {added}, rejected {rejected}, list size {size}',
    fixed: 'Amount off', percentage: 'Percent off', gift: 'Gift',
  },
  rules: {
    title: 'Rules', current: 'Current version', version: 'Version', products: 'Card products', bonusTable: 'Top-up bonus', earn: 'Earning',
    tiers: 'Tiers', publish: 'Publish new version', editor: 'Rule set JSON', published: 'Published version {v}', pointsPerYuan: 'Points per yuan',
    pointValue: 'Point value (fen)', expiryMonths: 'Points expire after (months)', threshold: 'Threshold', discountPercent: 'Discount %', multiplier: 'Points multiplier %',
    cap: 'Balance cap', minAmount: 'Top-up from', bonus: 'Bonus',
  },
  staff: {
    title: 'Staff & terminals', accounts: 'Staff accounts', username: 'Username', password: 'Password (12+ characters)', create: 'Create', disable: 'Disable',
    disabled: 'Disabled', terminals: 'Terminal keys', keyName: 'Name', createKey: 'New terminal key', rotate: 'Rotate', revoke: 'Revoke',
    revoked: 'Revoked', shownOnce: 'The key is shown this once; store it now:', keyId: 'Key id',
  },
  ledger: {
    top_up: 'Top-up', purchase: 'Purchase', refund: 'Refund', points_expiry: 'Points expiry', points_adjustment: 'Points adjustment',
    transfer_out: 'Transfer out', transfer_in: 'Transfer in', closing: 'Closing',
  },
  audit: { title: 'Audit log', actor: 'Actor', action: 'Action', target: 'Target', result: 'Result', export: 'Export CSV' },
  operations: {
    title: 'Operations', streams: 'Streams', queue: 'Queue', owner: 'Owner silo', lag: 'Lag', deadLetters: 'Dead letters', replay: 'Replay',
    dashboard: 'Orleans dashboard', silos: 'Silos', address: 'Address', host: 'Host', startedAt: 'Started',
    lastAliveAt: 'Last alive', answered: 'Answered', activations: 'Activations', busiest: 'Busiest grain types',
  },
}

export default en
