//! Putting the comments read from a file ([`SourceComments`]) back into a
//! document's tree, and telling which of them would not read back as
//! themselves.
//!
//! A comment of [`SourceComments`] reads back as itself when the emitter
//! writes it at its path and a reader of the text puts it back there. It
//! does not when:
//!
//! - no node of the document is at its path (nothing is written);
//! - the model keeps a comment of that place in a field of its own: above a
//!   job (`Job::comment`), above a step (`Step::comment`), after a `uses:`
//!   (`Uses::with_comment`) or a `cron:` (`Cron::comment`). The parser puts
//!   such a comment into that field (`parse::layout::apply_workflow` and
//!   `apply_action`, which [`Model::owner`] mirrors), so it would read back
//!   as the field, and when the field is set the emitter writes the field;
//! - the tree has a comment of its own at that place (the emitter writes
//!   that one);
//! - it is above the first key of a list item's mapping: the emitter writes
//!   it above the item's `-`, where a reader takes it for the item's;
//! - it is above a list item whose first key has a comment too: both are
//!   written above the `-`, and read back as one;
//! - it is after a list item whose value is a non-empty mapping, which the
//!   emitter does not write ([`super::item_trailing_written`]).
//!
//! [`attach`] counts the comments it placed and records those it found
//! misplaced as it walks; a comment at a path the tree does not have is
//! found only by [`orphans`], which validation calls when the counts say
//! that some comment was not met. The walk goes only into subtrees that hold
//! a comment, and a document without source comments is not walked at all.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::ops::Bound;

use super::{Item, Node, item_trailing_written};
use crate::action::CompositeRuns;
use crate::key_of;
use crate::path::Segment;
use crate::{Action, Job, Path, SourceComments, Step, StepBody, Workflow};

/// Which comment of a node: the one above it or the one after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Side {
    Above,
    After,
}

/// A field of the model that holds the comment of a place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Owner {
    /// The comment above a job.
    Job,
    /// The comment above a step.
    Step,
    /// The comment after a `uses:` reference.
    Uses,
    /// The comment after a schedule's `cron:`.
    Cron,
}

/// Why a comment of [`SourceComments`] would not read back as itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Misplaced {
    /// No node of the document is at its path.
    NoNode,
    /// The model holds the comment of that place in a field.
    Owned(Owner),
    /// The tree has a comment of its own at that place.
    Taken,
    /// Above the first key of a list item's mapping; `step` when the item
    /// is a step.
    FirstKeyOfItem { step: bool },
    /// Above a list item whose mapping's first key has a comment too.
    JoinedWithFirstKey,
    /// After a list item whose value is a non-empty mapping; the path of
    /// its first key, where a comment on that line goes.
    AfterMapping { first_key: Path },
}

/// What [`attach`] did.
#[derive(Debug, Default)]
pub(crate) struct Attached {
    /// Comments placed where they read back as themselves.
    pub(crate) placed: usize,
    /// Comments met at their path that would not read back as themselves,
    /// in the order of the tree.
    pub(crate) misplaced: Vec<(Path, Side, Misplaced)>,
}

impl Attached {
    /// How many comments of `source` were not met at all: their path has no
    /// node.
    pub(crate) fn unmet(&self, source: &SourceComments) -> usize {
        (source.above.len() + source.trailing.len()).saturating_sub(self.placed + self.misplaced.len())
    }
}

/// The model a tree was lowered from, for [`Model::owner`].
#[derive(Clone, Copy, Debug)]
pub(crate) enum Model<'m> {
    Workflow(&'m Workflow),
    Action(&'m Action),
}

impl Model<'_> {
    /// The field of the model that holds the comment at `at` (on `side`),
    /// if any: the places where the parser puts a comment into a field
    /// (`parse::layout::apply_workflow` and `apply_action`).
    pub(crate) fn owner(self, at: &Path, side: Side) -> Option<Owner> {
        use Segment::{Index, Key};
        match self {
            Model::Workflow(wf) => match at.segments() {
                [Key(jobs), Key(id)] if jobs == "jobs" && side == Side::Above => {
                    wf.jobs.contains_key(id).then_some(Owner::Job)
                }
                [Key(jobs), Key(id), Key(uses)] if jobs == "jobs" && uses == "uses" && side == Side::After => {
                    matches!(wf.jobs.get(id), Some(Job::Call(_))).then_some(Owner::Uses)
                }
                [Key(jobs), Key(id), Key(steps), Index(i), rest @ ..] if jobs == "jobs" && steps == "steps" => {
                    match wf.jobs.get(id) {
                        Some(Job::Normal(j)) => step_owner(j.steps.as_deref()?, *i, rest, side),
                        _ => None,
                    }
                }
                [Key(on), Key(schedule), Index(i), Key(cron)]
                    if on == "on" && schedule == "schedule" && cron == "cron" && side == Side::After =>
                {
                    let crons = wf.on.triggers()?.schedule.as_ref()?;
                    (*i < crons.len()).then_some(Owner::Cron)
                }
                _ => None,
            },
            Model::Action(a) => match (at.segments(), &a.runs) {
                ([Key(runs), Key(steps), Index(i), rest @ ..], crate::Runs::Composite(c))
                    if runs == key_of!(Action.runs) && steps == key_of!(CompositeRuns.steps) =>
                {
                    step_owner(&c.steps, *i, rest, side)
                }
                _ => None,
            },
        }
    }
}

/// The owner of a comment at `steps[i]` followed by `rest`.
fn step_owner(steps: &[Step], i: usize, rest: &[Segment], side: Side) -> Option<Owner> {
    let step = steps.get(i)?;
    match (rest, side, &step.body) {
        ([], Side::Above, _) => Some(Owner::Step),
        ([Segment::Key(k)], Side::After, StepBody::Uses { .. }) if k == "uses" => Some(Owner::Uses),
        ([Segment::Key(k), Segment::Index(j), more @ ..], _, StepBody::Parallel(inner)) if k == "parallel" => {
            step_owner(inner, *j, more, side)
        }
        _ => None,
    }
}

/// Whether `source` holds a comment at `at` or below it.
fn any_at_or_below(source: &SourceComments, at: &Path) -> bool {
    let first_from = |map: &std::collections::BTreeMap<Path, String>| {
        map.range::<Path, _>((Bound::Included(at), Bound::Unbounded)).next().is_some_and(|(p, _)| p.starts_with(at))
    };
    first_from(&source.above) || first_from(&source.trailing)
}

/// Fills in the comments of `source` where the tree has none of its own,
/// and says which would not read back as themselves (see the module).
pub(crate) fn attach<'a>(root: &mut Node<'a>, source: &'a SourceComments, model: Model<'_>) -> Attached {
    let mut attached = Attached::default();
    if source.above.is_empty() && source.trailing.is_empty() {
        return attached;
    }
    let mut walk = Walk { source, model, at: Path::root(), attached: &mut attached };
    walk.node(root, false);
    attached
}

struct Walk<'s, 'a> {
    source: &'a SourceComments,
    model: Model<'s>,
    /// The path of the node being walked, extended and restored in place.
    at: Path,
    attached: &'s mut Attached,
}

impl<'a> Walk<'_, 'a> {
    fn record(&mut self, side: Side, why: Option<Misplaced>) {
        match why {
            None => self.attached.placed += 1,
            Some(why) => self.attached.misplaced.push((self.at.clone(), side, why)),
        }
    }

    /// The children of `node`; `in_item` when it is a list item's value.
    fn node(&mut self, node: &mut Node<'a>, in_item: bool) {
        match node {
            Node::Map(entries) => {
                for (i, e) in entries.iter_mut().enumerate() {
                    self.at.push_key(&e.key);
                    if any_at_or_below(self.source, &self.at) {
                        if let Some(text) = self.source.above.get(&self.at) {
                            let why = if let Some(owner) = self.model.owner(&self.at, Side::Above) {
                                Some(Misplaced::Owned(owner))
                            } else if in_item && i == 0 {
                                let item = self.at.parent().unwrap_or_default();
                                let step = self.model.owner(&item, Side::Above) == Some(Owner::Step);
                                Some(Misplaced::FirstKeyOfItem { step })
                            } else if e.comment.is_some() {
                                Some(Misplaced::Taken)
                            } else {
                                None
                            };
                            if e.comment.is_none() {
                                e.comment = Some(Cow::Borrowed(text.as_str()));
                            }
                            self.record(Side::Above, why);
                        }
                        if let Some(text) = self.source.trailing.get(&self.at) {
                            let why = match self.model.owner(&self.at, Side::After) {
                                Some(owner) => Some(Misplaced::Owned(owner)),
                                None => e.trailing.is_some().then_some(Misplaced::Taken),
                            };
                            if e.trailing.is_none() {
                                e.trailing = Some(text.as_str());
                            }
                            self.record(Side::After, why);
                        }
                        self.node(&mut e.value, false);
                    }
                    self.at.pop();
                }
            }
            Node::Seq(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    self.at.push_index(i);
                    if any_at_or_below(self.source, &self.at) {
                        self.item(item);
                    }
                    self.at.pop();
                }
            }
            Node::Scalar(_) | Node::Empty => {}
        }
    }

    fn item(&mut self, item: &mut Item<'a>) {
        if let Some(text) = self.source.above.get(&self.at) {
            let why = if let Some(owner) = self.model.owner(&self.at, Side::Above) {
                Some(Misplaced::Owned(owner))
            } else if item.comment.is_some() {
                Some(Misplaced::Taken)
            } else if self.first_key_has_comment(item) {
                Some(Misplaced::JoinedWithFirstKey)
            } else {
                None
            };
            if item.comment.is_none() {
                item.comment = Some(text.as_str());
            }
            self.record(Side::Above, why);
        }
        if let Some(text) = self.source.trailing.get(&self.at) {
            let why = if item.trailing.is_some() {
                Some(Misplaced::Taken)
            } else {
                item.trailing = Some(text.as_str());
                match &item.value {
                    Node::Map(entries) if !item_trailing_written(item) => {
                        let mut first_key = self.at.clone();
                        first_key.push_key(entries.first().map_or("", |e| &e.key));
                        Some(Misplaced::AfterMapping { first_key })
                    }
                    _ => None,
                }
            };
            self.record(Side::After, why);
        }
        self.node(&mut item.value, true);
    }

    /// Whether the first key of the item's mapping has a comment, its own
    /// or one of `source` (written above the item's `-` as well).
    fn first_key_has_comment(&mut self, item: &Item<'_>) -> bool {
        let Node::Map(entries) = &item.value else { return false };
        let Some(first) = entries.first() else { return false };
        if first.comment.is_some() {
            return true;
        }
        self.at.push_key(&first.key);
        let found = self.source.above.contains_key(&self.at);
        self.at.pop();
        found
    }
}

/// The paths of `source` that have no node in the tree `root` (the
/// comments [`attach`] did not meet), in path order, each with its side.
pub(crate) fn orphans<'s>(root: &Node<'_>, source: &'s SourceComments) -> Vec<(&'s Path, Side)> {
    let mut met = BTreeSet::new();
    let mut at = Path::root();
    meet(root, &mut at, source, &mut met);
    let above = source.above.keys().filter(|p| !met.contains(*p)).map(|p| (p, Side::Above));
    let after = source.trailing.keys().filter(|p| !met.contains(*p)).map(|p| (p, Side::After));
    let mut all: Vec<(&Path, Side)> = above.chain(after).collect();
    all.sort_by(|a, b| a.0.cmp(b.0));
    all
}

/// Collects the paths of `root`'s nodes that hold a comment of `source`.
fn meet(node: &Node<'_>, at: &mut Path, source: &SourceComments, met: &mut BTreeSet<Path>) {
    let mut visit = |at: &mut Path, child: &Node<'_>| {
        if any_at_or_below(source, at) {
            if source.above.contains_key(at) || source.trailing.contains_key(at) {
                met.insert(at.clone());
            }
            meet(child, at, source, met);
        }
        at.pop();
    };
    match node {
        Node::Map(entries) => {
            for e in entries {
                at.push_key(&e.key);
                visit(at, &e.value);
            }
        }
        Node::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                at.push_index(i);
                visit(at, &item.value);
            }
        }
        Node::Scalar(_) | Node::Empty => {}
    }
}
