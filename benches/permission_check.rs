//! Checks per second: Switchboard's catalog (indices and a 192-bit set per membership) against
//! casbin-rs `enforce` on an equivalent RBAC-with-domains model, in the same run.
//! Run with `bench/permissions.sh` (or `cargo bench --bench permission_check`); prints numbers only.

use casbin::prelude::*;
use std::hint::black_box;
use std::time::Instant;
use switchboard::domain::catalog::{catalog, PermissionSet};

/// Members (each with its own switch set) and the checks made against them.
const MEMBERS: usize = 100;
const CHECKS_OURS: usize = 20_000_000;
const CHECKS_CASBIN: usize = 10_000;

const MODEL: &str = r#"
[request_definition]
r = sub, dom, obj

[policy_definition]
p = sub, dom, obj

[role_definition]
g = _, _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = g(r.sub, p.sub, r.dom) && r.dom == p.dom && r.obj == p.obj
"#;

/// A varied but repeatable switch set for member `n`: Default with a few switches turned off.
fn member_set(n: usize) -> PermissionSet {
    let catalog = catalog();
    let mut set = catalog.default_set();
    for index in 0..catalog.len() {
        if (index * 7 + n * 13).is_multiple_of(11) {
            set.set(index, false);
        }
    }
    set
}

fn per_second(checks: usize, seconds: f64) -> f64 {
    checks as f64 / seconds
}

#[tokio::main]
async fn main() {
    let catalog = catalog();
    let sets: Vec<PermissionSet> = (0..MEMBERS).map(member_set).collect();
    let nodes = catalog.len();

    // Ours: the check every server function makes.
    let started = Instant::now();
    let mut granted = 0_usize;
    for i in 0..CHECKS_OURS {
        let set = &sets[i % MEMBERS];
        if catalog.granted(black_box(set), black_box(i % nodes)) {
            granted += 1;
        }
    }
    let ours = per_second(CHECKS_OURS, started.elapsed().as_secs_f64());

    // casbin: one role per member in the account's domain, one policy per granted switch (what
    // "granted" means is computed once here; casbin then only has to find the policy).
    let model = DefaultModel::from_str(MODEL)
        .await
        .expect("the model parses");
    let mut enforcer = Enforcer::new(model, MemoryAdapter::default())
        .await
        .expect("an enforcer");
    let mut policies = Vec::new();
    let mut groupings = Vec::new();
    for (n, set) in sets.iter().enumerate() {
        let role = format!("set{n}");
        groupings.push(vec![format!("user{n}"), role.clone(), "account".to_owned()]);
        for index in 0..nodes {
            if catalog.granted(set, index) {
                policies.push(vec![
                    role.clone(),
                    "account".to_owned(),
                    catalog.nodes[index].key.to_owned(),
                ]);
            }
        }
    }
    let policy_count = policies.len();
    enforcer
        .add_policies(policies)
        .await
        .expect("policies load");
    enforcer
        .add_grouping_policies(groupings)
        .await
        .expect("roles load");

    // Both must agree before their speeds mean anything.
    for (n, set) in sets.iter().enumerate() {
        for index in (0..nodes).step_by(7) {
            let theirs = enforcer
                .enforce((format!("user{n}"), "account", catalog.nodes[index].key))
                .expect("enforce");
            assert_eq!(
                theirs,
                catalog.granted(set, index),
                "user{n} {}",
                catalog.nodes[index].key
            );
        }
    }

    let requests: Vec<(String, &str)> = (0..CHECKS_CASBIN)
        .map(|i| (format!("user{}", i % MEMBERS), catalog.nodes[i % nodes].key))
        .collect();
    let started = Instant::now();
    let mut allowed = 0_usize;
    for (user, key) in &requests {
        if enforcer
            .enforce((user.as_str(), "account", *key))
            .expect("enforce")
        {
            allowed += 1;
        }
    }
    let casbin = per_second(CHECKS_CASBIN, started.elapsed().as_secs_f64());

    // casbin walks its policies on every call, so also measure it holding one member's alone.
    let model = DefaultModel::from_str(MODEL)
        .await
        .expect("the model parses");
    let mut small = Enforcer::new(model, MemoryAdapter::default())
        .await
        .expect("an enforcer");
    let one: Vec<Vec<String>> = (0..nodes)
        .filter(|&index| catalog.granted(&sets[0], index))
        .map(|index| {
            vec![
                "set0".to_owned(),
                "account".to_owned(),
                catalog.nodes[index].key.to_owned(),
            ]
        })
        .collect();
    let small_policies = one.len();
    small.add_policies(one).await.expect("policies load");
    small
        .add_grouping_policy(vec![
            "user0".to_owned(),
            "set0".to_owned(),
            "account".to_owned(),
        ])
        .await
        .expect("role loads");
    let started = Instant::now();
    for i in 0..CHECKS_CASBIN {
        black_box(
            small
                .enforce(("user0", "account", catalog.nodes[i % nodes].key))
                .expect("enforce"),
        );
    }
    let casbin_small = per_second(CHECKS_CASBIN, started.elapsed().as_secs_f64());

    println!("catalog: {nodes} switches; {MEMBERS} members; casbin holds {policy_count} policies");
    println!(
        "switchboard granted(): {ours:>14.0} checks/s ({CHECKS_OURS} checks, {granted} granted)"
    );
    println!("casbin enforce():      {casbin:>14.0} checks/s ({CHECKS_CASBIN} checks, {allowed} allowed)");
    println!(
        "casbin, {small_policies} policies: {casbin_small:>10.0} checks/s (one member's set only)"
    );
    println!(
        "ratio: {:.0}x ({:.0}x against casbin holding one member's policies)",
        ours / casbin,
        ours / casbin_small
    );
}
