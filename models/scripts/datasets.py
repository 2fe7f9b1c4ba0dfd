"""Quick loaders for the two public development datasets, used only by the quality and timing
checks. They approximate what the real (SQL) feature engine will produce; nothing here is used by
the trainer itself."""

import csv
import datetime as dt

import numpy as np

DATASETS = "/work/shared/datasets"
TELCO = f"{DATASETS}/telco/WA_Fn-UseC_-Telco-Customer-Churn.csv"
CDNOW = f"{DATASETS}/cdnow/CDNOW_master.txt"


def load_telco(path=TELCO):
    """Numbers as numbers (blank TotalCharges -> NaN), strings one-hot encoded, customerID dropped."""
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    y = np.array([1 if r["Churn"] == "Yes" else 0 for r in rows], dtype=np.uint8)
    columns = [c for c in rows[0] if c not in ("customerID", "Churn")]
    names, cols = [], []
    for c in columns:
        values = [r[c].strip() for r in rows]
        numeric = _as_numbers(values)
        if numeric is not None:
            names.append(c)
            cols.append(numeric)
            continue
        for level in sorted(set(values)):
            names.append(f"{c}={level}")
            cols.append(np.array([1.0 if v == level else 0.0 for v in values]))
    return np.column_stack(cols).astype(np.float32), y, names


def _as_numbers(values):
    out = []
    for v in values:
        if v == "":
            out.append(np.nan)
            continue
        try:
            out.append(float(v))
        except ValueError:
            return None
    return np.array(out)


def load_cdnow_transactions(path=CDNOW):
    ids, days, cds, amounts = [], [], [], []
    epoch = dt.date(1997, 1, 1)
    with open(path, encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            parts = line.split()
            if len(parts) != 4:
                continue
            d = dt.date(int(parts[1][:4]), int(parts[1][4:6]), int(parts[1][6:]))
            ids.append(int(parts[0]))
            days.append((d - epoch).days)
            cds.append(float(parts[2]))
            amounts.append(float(parts[3]))
    return np.array(ids), np.array(days), np.array(cds), np.array(amounts)


WINDOWS = (7, 14, 30, 60, 90, 120, 180, 365)


def cdnow_snapshot(tx, snapshot, horizon=180):
    """Features from purchases strictly before the snapshot, label = no purchase in
    [snapshot, snapshot + horizon). Same-customer same-day rows form one order; $0 rows are not
    purchases. Customers need at least one purchase before the snapshot."""
    ids, days, cds, amounts = tx
    t = (snapshot - dt.date(1997, 1, 1)).days
    paid = amounts > 0
    # Orders: one per customer and day.
    key = ids[paid] * 100000 + days[paid]
    order_key, inverse = np.unique(key, return_inverse=True)
    o_id = order_key // 100000
    o_day = order_key % 100000
    o_amount = np.bincount(inverse, weights=amounts[paid])
    o_cds = np.bincount(inverse, weights=cds[paid])

    before = o_day < t
    customers = np.unique(o_id[before])
    index = {c: i for i, c in enumerate(customers)}
    n = customers.size
    b_id = np.array([index[c] for c in o_id[before]])
    b_day, b_amount, b_cds = o_day[before], o_amount[before], o_cds[before]

    feats = {}
    count = np.bincount(b_id, minlength=n).astype(float)
    first = np.full(n, np.inf)
    np.minimum.at(first, b_id, b_day)
    last = np.full(n, -np.inf)
    np.maximum.at(last, b_id, b_day)
    spend = np.bincount(b_id, weights=b_amount, minlength=n)
    units = np.bincount(b_id, weights=b_cds, minlength=n)
    feats["days_since_last_purchase"] = t - last
    feats["days_since_first_purchase"] = t - first
    feats["orders"] = count
    feats["spend"] = spend
    feats["cds"] = units
    feats["avg_order_value"] = spend / count
    feats["avg_cds_per_order"] = units / count
    feats["avg_price_per_cd"] = spend / np.maximum(units, 1)
    max_order = np.zeros(n)
    np.maximum.at(max_order, b_id, b_amount)
    min_order = np.full(n, np.inf)
    np.minimum.at(min_order, b_id, b_amount)
    feats["max_order_value"] = max_order
    feats["min_order_value"] = min_order
    sq = np.bincount(b_id, weights=b_amount**2, minlength=n)
    feats["std_order_value"] = np.sqrt(np.maximum(sq / count - (spend / count) ** 2, 0))
    span = last - first
    # Mean gap between orders is undefined for one-order customers: NaN exercises missing values.
    with np.errstate(divide="ignore", invalid="ignore"):
        feats["mean_days_between_orders"] = np.where(count > 1, span / (count - 1), np.nan)
        feats["recency_over_mean_gap"] = feats["days_since_last_purchase"] / feats["mean_days_between_orders"]
    feats["orders_per_30_days"] = count / np.maximum(feats["days_since_first_purchase"], 1) * 30
    for w in WINDOWS:
        m = b_day >= t - w
        c = np.bincount(b_id[m], minlength=n).astype(float)
        a = np.bincount(b_id[m], weights=b_amount[m], minlength=n)
        u = np.bincount(b_id[m], weights=b_cds[m], minlength=n)
        feats[f"orders_{w}d"] = c
        feats[f"spend_{w}d"] = a
        feats[f"cds_{w}d"] = u
        feats[f"share_orders_{w}d"] = c / count
        feats[f"share_spend_{w}d"] = a / np.maximum(spend, 1e-9)
    after = (o_day >= t) & (o_day < t + horizon)
    active = np.zeros(n, dtype=bool)
    future = [index[c] for c in o_id[after] if c in index]
    active[future] = True
    names = list(feats)
    x = np.column_stack([feats[k] for k in names]).astype(np.float32)
    y = (~active).astype(np.uint8)
    return x, y, names


def load_cdnow(train_at=dt.date(1997, 4, 1), eval_at=dt.date(1997, 10, 1), horizon=180):
    tx = load_cdnow_transactions()
    return cdnow_snapshot(tx, train_at, horizon), cdnow_snapshot(tx, eval_at, horizon)
