-- Coupon figures of the report projection (docs/reports.md), from coupon.issued / coupon.redeemed / coupon.restored.
-- Per day, store ('' for issuance, which belongs to no store) and campaign; discount is net of restorations.
CREATE TABLE report_coupons (
    day         date   NOT NULL,
    store_id    text   NOT NULL,
    campaign_id text   NOT NULL,
    issued      bigint NOT NULL,
    redeemed    bigint NOT NULL,
    restored    bigint NOT NULL,
    discount    bigint NOT NULL,
    PRIMARY KEY (day, store_id, campaign_id)
);
