//! Evaluation of a compiled filter over one item, in three-valued logic: `None` is unknown
//! (a null or missing operand), and only `Some(true)` selects the item.

use std::borrow::Cow;
use std::cmp::Ordering;

use geo::{Geometry, Intersects, Rect, Relate};
use serde_json::Value;

use super::tree::{
    ArrayOp, ArrayOperand, CmpOp, Fold, GeomLit, GeomOperand, Kind, Lit, Node, Scalar, SpatialOp,
};
use crate::ogc::collection::Item;

/// A value during evaluation.
#[derive(Debug, Clone, PartialEq)]
enum Val<'a> {
    Text(Cow<'a, str>),
    Number(f64),
    Bool(bool),
}

impl Val<'_> {
    fn compare(&self, other: &Val<'_>) -> Option<Ordering> {
        match (self, other) {
            (Val::Text(a), Val::Text(b)) => Some(a.as_ref().cmp(b.as_ref())),
            (Val::Number(a), Val::Number(b)) => a.partial_cmp(b),
            (Val::Bool(a), Val::Bool(b)) => Some(a.cmp(b)),
            _ => None,
        }
    }
}

fn lit(l: &Lit) -> Val<'_> {
    match l {
        Lit::Text(s) => Val::Text(Cow::Borrowed(s)),
        Lit::Number(x) => Val::Number(*x),
        Lit::Bool(b) => Val::Bool(*b),
    }
}

/// A property value read as `kind` (a number in a text property compares as its text).
fn read(v: &Value, kind: Kind) -> Option<Val<'_>> {
    match (v, kind) {
        (Value::String(s), Kind::Text) => Some(Val::Text(Cow::Borrowed(s))),
        (Value::Number(n), Kind::Number) => n.as_f64().map(Val::Number),
        (Value::Bool(b), Kind::Bool) => Some(Val::Bool(*b)),
        (Value::Number(n), Kind::Text) => Some(Val::Text(Cow::Owned(n.to_string()))),
        (Value::Bool(b), Kind::Text) => Some(Val::Text(Cow::Owned(b.to_string()))),
        _ => None,
    }
}

/// `CASEI` and `ACCENTI` stay apart, as CQL2 composes them: `ACCENTI` keeps case and
/// punctuation (`LIKE` patterns still count them). Accents fold by the project's one rule, so
/// `ACCENTI('Cœur')` is `'Coeur'`, as the names and the address search fold it.
fn fold(v: Val<'_>, how: Fold) -> Option<Val<'static>> {
    match v {
        Val::Text(s) => Some(Val::Text(Cow::Owned(match how {
            Fold::Case => s.to_lowercase(),
            Fold::Accent => geodata::text::fold_accents(&s).into_owned(),
        }))),
        _ => None,
    }
}

fn scalar<'a>(s: &'a Scalar, it: &'a Item) -> Option<Val<'a>> {
    match s {
        Scalar::Lit(l) => Some(lit(l)),
        Scalar::Prop { name, kind } => it.properties.get(name).and_then(|v| read(v, *kind)),
        Scalar::Fold { fold: how, inner } => fold(scalar(inner, it)?, *how),
    }
}

fn array<'a>(a: &'a ArrayOperand, it: &'a Item) -> Option<Vec<Val<'a>>> {
    match a {
        ArrayOperand::Lit(items) => Some(items.iter().map(lit).collect()),
        ArrayOperand::Prop { name, kind } => match it.properties.get(name)? {
            Value::Array(values) => values.iter().map(|v| read(v, *kind)).collect(),
            _ => None,
        },
    }
}

fn contains(haystack: &[Val<'_>], needle: &Val<'_>) -> bool {
    haystack
        .iter()
        .any(|h| h.compare(needle) == Some(Ordering::Equal))
}

/// Three-valued AND over the children's results.
fn all(mut results: impl Iterator<Item = Option<bool>>) -> Option<bool> {
    let mut unknown = false;
    for r in results.by_ref() {
        match r {
            Some(false) => return Some(false),
            None => unknown = true,
            Some(true) => {}
        }
    }
    if unknown {
        None
    } else {
        Some(true)
    }
}

/// Three-valued OR.
fn any(results: impl Iterator<Item = Option<bool>>) -> Option<bool> {
    all(results.map(|r| r.map(|b| !b))).map(|b| !b)
}

fn geometry<'a>(
    g: &'a GeomOperand,
    it: &'a Item,
) -> Option<(&'a Geometry<f64>, Option<Rect<f64>>)> {
    match g {
        GeomOperand::Feature => it.geometry.as_ref().map(|geom| (geom, it.bbox)),
        GeomOperand::Lit(l) => Some((&l.geometry, l.bbox)),
    }
}

fn spatial(
    op: SpatialOp,
    a: (&Geometry<f64>, Option<Rect<f64>>),
    b: (&Geometry<f64>, Option<Rect<f64>>),
) -> bool {
    // Disjoint boxes decide every predicate without the geometries.
    let boxes_meet = match (a.1, b.1) {
        (Some(x), Some(y)) => x.intersects(&y),
        _ => true,
    };
    match op {
        SpatialOp::Intersects => boxes_meet && a.0.intersects(b.0),
        SpatialOp::Disjoint => !boxes_meet || !a.0.intersects(b.0),
        _ if !boxes_meet => false,
        _ => {
            let m = a.0.relate(b.0);
            match op {
                SpatialOp::Contains => m.is_contains(),
                SpatialOp::Within => m.is_within(),
                SpatialOp::Equals => m.is_equal_topo(),
                SpatialOp::Touches => m.is_touches(),
                SpatialOp::Overlaps => m.is_overlaps(),
                SpatialOp::Crosses => m.is_crosses(),
                SpatialOp::Intersects | SpatialOp::Disjoint => unreachable!("handled above"),
            }
        }
    }
}

impl Node {
    pub fn eval(&self, it: &Item) -> Option<bool> {
        match self {
            Node::Const(b) => Some(*b),
            Node::And(nodes) => all(nodes.iter().map(|n| n.eval(it))),
            Node::Or(nodes) => any(nodes.iter().map(|n| n.eval(it))),
            Node::Not(n) => n.eval(it).map(|b| !b),
            Node::Compare(op, a, b) => {
                let o = scalar(a, it)?.compare(&scalar(b, it)?)?;
                Some(match op {
                    CmpOp::Eq => o == Ordering::Equal,
                    CmpOp::Ne => o != Ordering::Equal,
                    CmpOp::Lt => o == Ordering::Less,
                    CmpOp::Le => o != Ordering::Greater,
                    CmpOp::Gt => o == Ordering::Greater,
                    CmpOp::Ge => o != Ordering::Less,
                })
            }
            Node::Like(a, p) => match (scalar(a, it)?, scalar(p, it)?) {
                (Val::Text(v), Val::Text(p)) => <str as like::Like<true>>::like(&v, &p).ok(),
                _ => None,
            },
            Node::Between(v, lo, hi) => {
                let v = scalar(v, it)?;
                let above = v.compare(&scalar(lo, it)?)? != Ordering::Less;
                let below = v.compare(&scalar(hi, it)?)? != Ordering::Greater;
                Some(above && below)
            }
            Node::In(v, list) => {
                let v = scalar(v, it)?;
                any(list
                    .iter()
                    .map(|e| Some(v.compare(&scalar(e, it)?)? == Ordering::Equal)))
            }
            Node::IsNull(Some(name), _) if name == super::GEOMETRY => Some(it.geometry.is_none()),
            Node::IsNull(Some(name), _) => {
                Some(matches!(it.properties.get(name), None | Some(Value::Null)))
            }
            Node::IsNull(None, Some(s)) => Some(scalar(s, it).is_none()),
            Node::IsNull(None, None) => Some(false),
            Node::Spatial(op, a, b) => Some(spatial(*op, geometry(a, it)?, geometry(b, it)?)),
            Node::Array(op, a, b) => {
                let (a, b) = (array(a, it)?, array(b, it)?);
                Some(match op {
                    ArrayOp::Equals => {
                        a.len() == b.len()
                            && a.iter()
                                .zip(&b)
                                .all(|(x, y)| x.compare(y) == Some(Ordering::Equal))
                    }
                    ArrayOp::Contains => b.iter().all(|y| contains(&a, y)),
                    ArrayOp::ContainedBy => a.iter().all(|x| contains(&b, x)),
                    ArrayOp::Overlaps => a.iter().any(|x| contains(&b, x)),
                })
            }
        }
    }

    /// Every literal geometry a spatial predicate compares the features with.
    pub fn spatial_literals<'a>(&'a self, out: &mut Vec<&'a GeomLit>) {
        match self {
            Node::And(nodes) | Node::Or(nodes) => {
                nodes.iter().for_each(|n| n.spatial_literals(out));
            }
            Node::Not(node) => node.spatial_literals(out),
            Node::Spatial(_, a, b) => {
                for operand in [a, b] {
                    if let GeomOperand::Lit(l) = operand {
                        out.push(l);
                    }
                }
            }
            _ => {}
        }
    }

    /// About how many operators and operands the predicate holds (what evaluating it once
    /// walks).
    pub fn size(&self) -> usize {
        let array = |a: &ArrayOperand| match a {
            ArrayOperand::Prop { .. } => 1,
            ArrayOperand::Lit(l) => l.len().max(1),
        };
        match self {
            Node::Const(_) => 1,
            Node::And(nodes) | Node::Or(nodes) => 1 + nodes.iter().map(Node::size).sum::<usize>(),
            Node::Not(node) => 1 + node.size(),
            Node::In(_, list) => 2 + list.len(),
            Node::Between(..) => 4,
            Node::Array(_, a, b) => 1 + array(a) + array(b),
            Node::Compare(..) | Node::Like(..) | Node::IsNull(..) | Node::Spatial(..) => 3,
        }
    }

    /// Whether a spatial predicate is part of it (its geometries are compared edge by edge).
    pub fn is_spatial(&self) -> bool {
        match self {
            Node::And(nodes) | Node::Or(nodes) => nodes.iter().any(Node::is_spatial),
            Node::Not(node) => node.is_spatial(),
            Node::Spatial(..) => true,
            _ => false,
        }
    }

    /// See [`super::Filter::envelopes`].
    pub fn envelopes(&self) -> Option<Vec<Rect<f64>>> {
        match self {
            Node::Spatial(op, a, b) if *op != SpatialOp::Disjoint => match (a, b) {
                (GeomOperand::Feature, GeomOperand::Lit(l))
                | (GeomOperand::Lit(l), GeomOperand::Feature) => l.bbox.map(|b| vec![b]),
                _ => None,
            },
            // Any child's boxes bound the conjunction: keep the smallest total area.
            Node::And(nodes) => nodes.iter().filter_map(Node::envelopes).min_by(|x, y| {
                let area =
                    |v: &Vec<Rect<f64>>| v.iter().map(|r| r.width() * r.height()).sum::<f64>();
                area(x).total_cmp(&area(y))
            }),
            // A disjunction is bounded only when every branch is.
            Node::Or(nodes) => nodes
                .iter()
                .map(Node::envelopes)
                .collect::<Option<Vec<_>>>()
                .map(|v| v.into_iter().flatten().collect()),
            _ => None,
        }
    }
}
