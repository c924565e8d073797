// Shapes of the REST API's answers the console reads (docs/api.md, src/MemberCard.Server/*/…Dtos.cs). Money in fen.

export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

export interface Member {
  memberId: string
  phone: string
  name: string | null
  birthday: string | null
  email: string | null
  tier: string
  storeId: string | null
  createdAt: string
  tags: string[]
  rollingSpend: number
  rollingPoints: number
  tierReviewAt: string | null
}

export interface Card {
  cardNo: string
  memberId: string
  status: string
  balance: number
  points: number
  tier: string
  createdAt: string
  principal: number
  bonusBalance: number
  productId: string
  replacedBy: string | null
  replacedFrom: string | null
}

export interface LedgerItem {
  transactionId: string
  type: string
  orderNo: string | null
  amount: number
  balanceDelta: number
  pointsDelta: number
  balance: number
  points: number
  storeId: string
  createdAt: string
  principalDelta: number
  bonusDelta: number
  reason: string | null
}

export interface Coupon {
  code: string
  campaignId: string
  campaignName: string
  status: string
  kind: string
  amountOff: number
  percentOff: number
  minimumSpend: number
  validUntil: string | null
}

export interface TopUpResult {
  transactionId: string
  amount: number
  bonus: number
  balance: number
  points: number
  principal: number
  bonusBalance: number
  createdAt: string
}

export interface PurchaseResult {
  transactionId: string
  orderNo: string | null
  amount: number
  discount: number
  pointsRedeemed: number
  balanceCharged: number
  pointsEarned: number
  balance: number
  points: number
  couponCode: string | null
  couponDiscount: number
  createdAt: string
}

export interface RefundResult {
  transactionId: string
  orderNo: string | null
  amount: number
  balanceRefunded: number
  pointsReversed: number
  pointsRestored: number
  balance: number
  points: number
  createdAt: string
}

export interface Quote {
  amount: number
  couponCode: string | null
  couponDiscount: number
  pointsToRedeem: number
  pointsDiscount: number
  discount: number
  payable: number
  pointsEarned: number
  balance: number
  points: number
}

export interface ReportSummary {
  from: string
  to: string
  storeId: string | null
  newMembers: number
  activeMembers: number
  purchases: number
  purchaseAmount: number
  topUps: number
  topUpPrincipal: number
  topUpBonus: number
  pointsIssued: number
  pointsRedeemed: number
  pointsExpired: number
  balanceLiability: number
  principalLiability: number
  bonusLiability: number
  couponsIssued: number | null
  couponsRedeemed: number | null
  couponRedemptionRate: number | null
}

export interface Cohort {
  month: string
  members: number
  activeByMonth: number[]
}

export interface Campaign {
  campaignId: string
  status: string
  name: string
  kind: string
  amountOff: number
  percentOff: number
  minimumSpend: number
  validStores: string[]
  validDaysAfterIssue: number | null
  perMemberLimit: number
  totalStock: number | null
  segment?: { tiers: string[]; tags: string[]; uploadedList?: boolean }
  targetListSize?: number
  createdAt: string
}

export interface CampaignProgress {
  campaignId: string
  state: string
  scanned: number
  targeted: number
  issued: number
  partitionsDone: number
  partitions: number
  rate: number
  etaSeconds: number | null
}

export interface CampaignStats {
  campaignId: string
  issued: number
  redeemed: number
  redemptionRate: number
  totalDiscount: number
  perStore: { storeId: string; redeemed: number; discount: number }[]
}

export interface Staff {
  username: string
  role: string
  storeId: string | null
  disabled: boolean
  createdAt: string
}

export interface ApiKey {
  keyId: string
  role: string
  storeId: string | null
  name: string
  revoked: boolean
  createdAt: string
}

export interface AuditEntry {
  actor: string
  role: string
  storeId: string | null
  action: string
  target: string | null
  result: string
  at: string
}

/** GET /cards/{cardNo}/top-up-preview: what a top-up would give (nothing written). */
export interface TopUpPreview {
  cardNo: string
  amount: number
  bonus: number
  balance: number
  principal: number
  bonusBalance: number
  rulesVersion: number
}

/** POST /campaigns/segment-count: members the segment matches now, of those read. */
export interface SegmentCount {
  matched: number
  scanned: number
}

/** GET /admin/cluster: the silos of the membership table. */
export interface ClusterInfo {
  thisSilo: string
  silos: {
    address: string; name: string; hostName: string; status: string; startedAt: string; lastAliveAt: string
    /** Grains active on the silo, in all and per grain type (0 and empty for a silo that did not answer). */
    activations: number; activationsByType: Record<string, number>
  }[]
}
