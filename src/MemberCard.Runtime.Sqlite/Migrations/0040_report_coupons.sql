-- Coupon figures of the report projection (docs/reports.md), from coupon.issued / coupon.redeemed / coupon.restored.
-- Per day (ISO text), store ('' for issuance, which belongs to no store) and campaign; discount is net of restorations.
CREATE TABLE report_coupons (
    day         TEXT    NOT NULL,
    store_id    TEXT    NOT NULL,
    campaign_id TEXT    NOT NULL,
    issued      INTEGER NOT NULL,
    redeemed    INTEGER NOT NULL,
    restored    INTEGER NOT NULL,
    discount    INTEGER NOT NULL,
    PRIMARY KEY (day, store_id, campaign_id)
);
