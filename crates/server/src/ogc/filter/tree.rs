//! The typed tree of a checked CQL2 filter: predicates over scalar, array and geometry
//! operands, every property already resolved to its type and every literal geometry in
//! CRS84. Built by `compile`, walked by `eval`.

use geo::{Geometry, Rect};

/// The type of a scalar value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Number,
    Bool,
}

impl Kind {
    pub(super) fn french(self) -> &'static str {
        match self {
            Kind::Text => "texte",
            Kind::Number => "nombre",
            Kind::Bool => "booléen",
        }
    }
}

/// A literal value.
#[derive(Debug, Clone, PartialEq)]
pub enum Lit {
    Text(String),
    Number(f64),
    Bool(bool),
}

impl Lit {
    pub(super) fn kind(&self) -> Kind {
        match self {
            Lit::Text(_) => Kind::Text,
            Lit::Number(_) => Kind::Number,
            Lit::Bool(_) => Kind::Bool,
        }
    }
}

/// How `CASEI` and `ACCENTI` fold text before it is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fold {
    Case,
    Accent,
}

/// An expression giving one scalar value (or null).
#[derive(Debug, Clone)]
pub enum Scalar {
    Prop { name: String, kind: Kind },
    Lit(Lit),
    Fold { fold: Fold, inner: Box<Scalar> },
}

impl Scalar {
    pub fn kind(&self) -> Kind {
        match self {
            Scalar::Prop { kind, .. } => *kind,
            Scalar::Lit(l) => l.kind(),
            Scalar::Fold { .. } => Kind::Text,
        }
    }
}

/// An expression giving an array: an array property or a literal list.
#[derive(Debug, Clone)]
pub enum ArrayOperand {
    Prop { name: String, kind: Kind },
    Lit(Vec<Lit>),
}

/// A literal geometry in CRS84 with its bounding box.
#[derive(Debug, Clone)]
pub struct GeomLit {
    pub geometry: Geometry<f64>,
    pub bbox: Option<Rect<f64>>,
}

/// An expression giving a geometry: the feature's, or a literal.
#[derive(Debug, Clone)]
pub enum GeomOperand {
    Feature,
    Lit(Box<GeomLit>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpatialOp {
    Intersects,
    Disjoint,
    Contains,
    Within,
    Equals,
    Touches,
    Overlaps,
    Crosses,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArrayOp {
    Equals,
    Contains,
    ContainedBy,
    Overlaps,
}

/// A predicate.
#[derive(Debug, Clone)]
pub enum Node {
    Const(bool),
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
    Compare(CmpOp, Scalar, Scalar),
    Like(Scalar, Scalar),
    Between(Scalar, Scalar, Scalar),
    In(Scalar, Vec<Scalar>),
    /// A property (of any type, arrays included) or a scalar expression is null.
    IsNull(Option<String>, Option<Scalar>),
    Spatial(SpatialOp, GeomOperand, GeomOperand),
    Array(ArrayOp, ArrayOperand, ArrayOperand),
}
