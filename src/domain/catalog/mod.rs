//! The permission catalog: one tree of switches, defined here once and compiled into both the
//! server and the browser. Keys are stored in the database: once released, a key never changes.
//!
//! A node is *granted* when its own switch and the switches of all its ancestors are on. Turning a
//! parent off therefore disables its subtree while the children keep their own settings.

mod nodes;

use nodes::NODES;
use std::sync::OnceLock;

/// The three switches the Default preset leaves off.
pub const DEFAULT_OFF: [&str; 3] = ["messages.send", "reports.edit", "tasks.set"];

/// Deepest level a node may sit at (sections are level 1).
pub const MAX_DEPTH: usize = 4;

/// One node, with its place in the tree as indices into [`Catalog::nodes`].
#[derive(Debug)]
pub struct Node {
    pub key: &'static str,
    pub label: &'static str,
    pub description: &'static str,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    pub depth: usize,
}

/// The catalog compiled to indices: what checks and the switch tree work with.
#[derive(Debug)]
pub struct Catalog {
    pub nodes: Vec<Node>,
    /// For each node, the bits of itself and all its ancestors: granted when all of them are on.
    chains: Vec<PermissionSet>,
}

/// The catalog, built on first use.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(Catalog::build)
}

impl Catalog {
    fn build() -> Catalog {
        let mut nodes: Vec<Node> = Vec::with_capacity(NODES.len());
        for &(key, label, description) in NODES {
            let parent = key
                .rsplit_once('.')
                .and_then(|(parent, _)| nodes.iter().position(|n| n.key == parent));
            let depth = key.split('.').count();
            nodes.push(Node {
                key,
                label,
                description,
                parent,
                children: Vec::new(),
                depth,
            });
        }
        for index in 0..nodes.len() {
            if let Some(parent) = nodes[index].parent {
                nodes[parent].children.push(index);
            }
        }
        let chains = (0..nodes.len())
            .map(|index| {
                let mut chain = PermissionSet::empty();
                let mut at = Some(index);
                while let Some(node) = at {
                    chain.set(node, true);
                    at = nodes[node].parent;
                }
                chain
            })
            .collect();
        Catalog { nodes, chains }
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    pub fn index(&self, key: &str) -> Option<usize> {
        self.nodes.iter().position(|node| node.key == key)
    }

    /// The first-level nodes.
    pub fn sections(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.nodes.len()).filter(|&i| self.nodes[i].parent.is_none())
    }

    /// Every node below `index`, depth first.
    pub fn descendants(&self, index: usize) -> Vec<usize> {
        let mut found = Vec::new();
        let mut stack: Vec<usize> = self.nodes[index].children.iter().rev().copied().collect();
        while let Some(node) = stack.pop() {
            found.push(node);
            stack.extend(self.nodes[node].children.iter().rev());
        }
        found
    }

    /// Whether `set` grants node `index`: its switch and all its ancestors' are on. One AND per word.
    pub fn granted(&self, set: &PermissionSet, index: usize) -> bool {
        set.contains_all(&self.chains[index])
    }

    /// Every switch on.
    pub fn all(&self) -> PermissionSet {
        let mut set = PermissionSet::empty();
        for index in 0..self.nodes.len() {
            set.set(index, true);
        }
        set
    }

    /// Everything but Send messages, Create and edit reports, and Set tasks.
    pub fn default_set(&self) -> PermissionSet {
        let mut set = self.all();
        for key in DEFAULT_OFF {
            if let Some(index) = self.index(key) {
                set.set(index, false);
            }
        }
        set
    }

    /// The set with these keys on; unknown keys are left out.
    pub fn set_of<'a>(&self, keys: impl IntoIterator<Item = &'a str>) -> PermissionSet {
        let mut set = PermissionSet::empty();
        for key in keys {
            if let Some(index) = self.index(key) {
                set.set(index, true);
            }
        }
        set
    }

    /// The keys of the switches on in `set`, in catalog order.
    pub fn keys_of(&self, set: &PermissionSet) -> Vec<&'static str> {
        (0..self.nodes.len())
            .filter(|&i| set.is_on(i))
            .map(|i| self.nodes[i].key)
            .collect()
    }
}

/// Why a switch is or is not granted, in words for the "effective access" view.
pub fn explain(catalog: &Catalog, set: &PermissionSet, index: usize) -> (bool, String) {
    let node = &catalog.nodes[index];
    if !set.is_on(index) {
        return (false, format!("\u{201c}{}\u{201d} is off.", node.label));
    }
    let mut at = node.parent;
    let mut blocking = None;
    while let Some(parent) = at {
        if !set.is_on(parent) {
            blocking = Some(parent); // keep climbing: the highest switch that is off decides
        }
        at = catalog.nodes[parent].parent;
    }
    match blocking {
        Some(parent) => (
            false,
            format!(
                "\u{201c}{}\u{201d} is on, but \u{201c}{}\u{201d} above it is off, which turns off everything under it.",
                node.label, catalog.nodes[parent].label
            ),
        ),
        None if node.parent.is_some() => (
            true,
            format!("\u{201c}{}\u{201d} and every switch above it are on.", node.label),
        ),
        None => (true, format!("\u{201c}{}\u{201d} is on.", node.label)),
    }
}

/// Which switches are on: one bit per catalog node (up to 192 nodes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct PermissionSet([u64; 3]);

impl PermissionSet {
    pub const CAPACITY: usize = 192;

    pub fn empty() -> Self {
        PermissionSet([0; 3])
    }

    pub fn is_on(&self, index: usize) -> bool {
        self.0[index / 64] & (1 << (index % 64)) != 0
    }

    pub fn set(&mut self, index: usize, on: bool) {
        let bit = 1 << (index % 64);
        if on {
            self.0[index / 64] |= bit;
        } else {
            self.0[index / 64] &= !bit;
        }
    }

    /// Whether every switch on in `other` is on here too.
    pub fn contains_all(&self, other: &PermissionSet) -> bool {
        self.0
            .iter()
            .zip(other.0)
            .all(|(mine, theirs)| mine & theirs == theirs)
    }

    /// The switches on in both.
    pub fn intersection(&self, other: &PermissionSet) -> PermissionSet {
        PermissionSet([
            self.0[0] & other.0[0],
            self.0[1] & other.0[1],
            self.0[2] & other.0[2],
        ])
    }

    pub fn count(&self) -> u32 {
        self.0.iter().map(|word| word.count_ones()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn keys_are_unique_labelled_described_and_at_most_four_deep() {
        let catalog = catalog();
        let mut seen = HashSet::new();
        for node in &catalog.nodes {
            assert!(seen.insert(node.key), "duplicate key {}", node.key);
            assert!(!node.label.trim().is_empty(), "{} has no label", node.key);
            assert!(
                !node.description.trim().is_empty(),
                "{} has no description",
                node.key
            );
            assert!(
                node.depth <= MAX_DEPTH,
                "{} is {} deep",
                node.key,
                node.depth
            );
            assert!(
                node.key
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '.' || c == '_'),
                "{} is not a plain dotted key",
                node.key
            );
            if node.depth > 1 {
                assert!(
                    node.parent.is_some(),
                    "{} has no parent in the catalog",
                    node.key
                );
            }
        }
        assert!(
            (80..=150).contains(&catalog.len()),
            "{} nodes",
            catalog.len()
        );
        assert!(catalog.len() <= PermissionSet::CAPACITY);
    }

    #[test]
    fn the_sections_of_the_design_are_there() {
        let catalog = catalog();
        let sections: Vec<_> = catalog.sections().map(|i| catalog.nodes[i].label).collect();
        for section in [
            "General",
            "Dashboards",
            "Reports",
            "Messages",
            "Tasks",
            "Integrations",
            "Domains",
            "Applications",
            "Support",
        ] {
            assert!(sections.contains(&section), "{section} missing");
        }
        assert!(catalog
            .index("integrations.google_ads.metrics.clicks")
            .is_some());
    }

    #[test]
    fn default_is_everything_but_three_switches() {
        let catalog = catalog();
        let default = catalog.default_set();
        assert_eq!(default.count() as usize, catalog.len() - 3);
        for key in DEFAULT_OFF {
            assert!(!default.is_on(catalog.index(key).unwrap()), "{key}");
        }
    }

    #[test]
    fn a_parent_off_disables_its_subtree_but_keeps_the_children_on() {
        let catalog = catalog();
        let mut set = catalog.all();
        let ads = catalog.index("integrations.google_ads").unwrap();
        let clicks = catalog
            .index("integrations.google_ads.metrics.clicks")
            .unwrap();
        set.set(ads, false);
        assert!(!catalog.granted(&set, clicks));
        assert!(set.is_on(clicks), "the child's own switch is kept");
        set.set(ads, true);
        assert!(
            catalog.granted(&set, clicks),
            "turning the parent on restores it"
        );
    }

    #[test]
    fn the_explanation_names_the_switch_that_decides() {
        let catalog = catalog();
        let clicks = catalog
            .index("integrations.google_ads.metrics.clicks")
            .unwrap();
        let mut set = catalog.all();
        assert!(explain(catalog, &set, clicks).0);
        set.set(catalog.index("integrations.google_ads").unwrap(), false);
        let (allowed, why) = explain(catalog, &set, clicks);
        assert!(!allowed);
        assert!(why.contains("Google Ads"), "{why}");
        set.set(clicks, false);
        assert!(explain(catalog, &set, clicks)
            .1
            .contains("\u{201c}Clicks\u{201d} is off"));
    }

    /// The rule as DESIGN.md says it, on keys: on, and every dotted prefix on too.
    fn naive_granted(on: &HashSet<&str>, key: &str) -> bool {
        let parts: Vec<&str> = key.split('.').collect();
        (1..=parts.len()).all(|n| on.contains(parts[..n].join(".").as_str()))
    }

    proptest::proptest! {
        #[test]
        fn granted_matches_the_naive_rule_on_random_sets(bits in proptest::collection::vec(proptest::bool::ANY, 88..=150)) {
            let catalog = catalog();
            let mut set = PermissionSet::empty();
            for (index, on) in bits.iter().take(catalog.len()).enumerate() {
                set.set(index, *on);
            }
            let keys = catalog.keys_of(&set);
            let on: HashSet<&str> = keys.iter().copied().collect();
            for (index, node) in catalog.nodes.iter().enumerate() {
                proptest::prop_assert_eq!(catalog.granted(&set, index), naive_granted(&on, node.key), "{}", node.key);
            }
            proptest::prop_assert_eq!(catalog.set_of(keys.iter().copied()), set, "keys round-trip");
        }
    }
}
