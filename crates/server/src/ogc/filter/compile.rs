//! The checker of a parsed CQL2 expression: every property resolved against the queryables,
//! every operand's type checked, every literal geometry read in `filter-crs`, checked and
//! brought to CRS84 (a `BBOX` through [`crate::ogc::bbox`]), and the costs bounded; its
//! output is the typed tree of `tree`.

use cql2::Expr;
use geo::{BoundingRect, Coord, CoordsIter, Geometry, MapCoords, MultiPolygon};
use serde_json::Value;

use super::tree::{
    ArrayOp, ArrayOperand, CmpOp, Fold, GeomLit, GeomOperand, Kind, Lit, Node, Scalar, SpatialOp,
};
use super::{FilterError, Schema, GEOMETRY, MAX_NODES, MAX_VERTICES};
use crate::crs::{self, Crs};
use crate::ogc::bbox;

/// The type of a queryable, from its JSON Schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Scalar(Kind),
    Array(Kind),
}

fn kind_of(t: Option<&str>) -> Kind {
    match t {
        Some("integer" | "number") => Kind::Number,
        Some("boolean") => Kind::Bool,
        _ => Kind::Text,
    }
}

fn shape_of(schema: &Value) -> Shape {
    match schema["type"].as_str() {
        Some("array") => Shape::Array(kind_of(schema["items"]["type"].as_str())),
        other => Shape::Scalar(kind_of(other)),
    }
}

pub struct Compiler<'a> {
    source: &'a str,
    crs: Crs,
    schema: Schema<'a>,
    nodes: usize,
    vertices: usize,
}

impl<'a> Compiler<'a> {
    pub fn new(source: &'a str, crs: Crs, schema: Schema<'a>) -> Compiler<'a> {
        Compiler {
            source,
            crs,
            schema,
            nodes: 0,
            vertices: 0,
        }
    }

    pub fn compile(mut self, expr: &Expr) -> Result<Node, FilterError> {
        self.predicate(expr)
    }

    fn count(&mut self) -> Result<(), FilterError> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(FilterError::TooCostly(format!(
                "plus de {MAX_NODES} opérateurs et opérandes"
            )));
        }
        Ok(())
    }

    /// Where a property name first appears in the filter, for messages.
    fn at(&self, name: &str) -> String {
        self.source
            .find(name)
            .map(|i| format!(" (colonne {})", self.source[..i].chars().count() + 1))
            .unwrap_or_default()
    }

    fn shape(&self, name: &str) -> Result<Shape, FilterError> {
        self.schema
            .queryables
            .iter()
            .find(|q| q.name == name)
            .map(|q| shape_of(&q.schema))
            .ok_or_else(|| {
                let mut known: Vec<&str> = self
                    .schema
                    .queryables
                    .iter()
                    .map(|q| q.name.as_str())
                    .collect();
                if self.schema.spatial {
                    known.push(GEOMETRY);
                }
                FilterError::UnknownProperty {
                    name: name.to_string(),
                    at: self.at(name),
                    known: known.join(", "),
                }
            })
    }

    fn predicate(&mut self, expr: &Expr) -> Result<Node, FilterError> {
        self.count()?;
        match expr {
            Expr::Bool(b) => Ok(Node::Const(*b)),
            Expr::Property { property } => {
                // A boolean property alone is the predicate `property = true`.
                let s = self.scalar(expr)?;
                if s.kind() != Kind::Bool {
                    return Err(FilterError::Type(format!(
                        "la propriété « {property} »{} est de type {}, pas une condition (booléen)",
                        self.at(property),
                        s.kind().french()
                    )));
                }
                Ok(Node::Compare(CmpOp::Eq, s, Scalar::Lit(Lit::Bool(true))))
            }
            Expr::Operation { op, args } => self.operation(op, args),
            other => Err(FilterError::Type(format!(
                "{} n'est pas une condition",
                describe(other)
            ))),
        }
    }

    fn operation(&mut self, op: &str, args: &[Box<Expr>]) -> Result<Node, FilterError> {
        let arity = |n: usize| -> Result<(), FilterError> {
            if args.len() == n {
                Ok(())
            } else {
                Err(FilterError::Type(format!(
                    "{} attend {n} argument(s), {} reçu(s)",
                    op.to_uppercase(),
                    args.len()
                )))
            }
        };
        let cmp = match op {
            "=" => Some(CmpOp::Eq),
            "<>" => Some(CmpOp::Ne),
            "<" => Some(CmpOp::Lt),
            "<=" => Some(CmpOp::Le),
            ">" => Some(CmpOp::Gt),
            ">=" => Some(CmpOp::Ge),
            _ => None,
        };
        if let Some(c) = cmp {
            arity(2)?;
            let (a, b) = (self.scalar(&args[0])?, self.scalar(&args[1])?);
            self.same_kind(op, &args[0], &a, &args[1], &b)?;
            return Ok(Node::Compare(c, a, b));
        }
        match op {
            "and" | "or" => {
                let nodes = args
                    .iter()
                    .map(|a| self.predicate(a))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(if op == "and" {
                    Node::And(nodes)
                } else {
                    Node::Or(nodes)
                })
            }
            "not" => {
                arity(1)?;
                Ok(Node::Not(Box::new(self.predicate(&args[0])?)))
            }
            "like" => {
                arity(2)?;
                let (a, b) = (self.scalar(&args[0])?, self.scalar(&args[1])?);
                for (e, s) in [(&args[0], &a), (&args[1], &b)] {
                    if s.kind() != Kind::Text {
                        return Err(FilterError::Type(format!(
                            "LIKE compare du texte, pas {}",
                            self.typed(e, s)
                        )));
                    }
                }
                if let Scalar::Lit(Lit::Text(p)) = &b {
                    if <str as like::Like<true>>::like("", p).is_err() {
                        return Err(FilterError::Type(format!(
                            "motif LIKE « {p} » invalide (caractère d'échappement \\ en fin de motif)"
                        )));
                    }
                }
                Ok(Node::Like(a, b))
            }
            "between" => {
                arity(3)?;
                let v = self.scalar(&args[0])?;
                let lo = self.scalar(&args[1])?;
                let hi = self.scalar(&args[2])?;
                self.same_kind(op, &args[0], &v, &args[1], &lo)?;
                self.same_kind(op, &args[0], &v, &args[2], &hi)?;
                Ok(Node::Between(v, lo, hi))
            }
            "in" => {
                arity(2)?;
                let v = self.scalar(&args[0])?;
                let Expr::Array(list) = args[1].as_ref() else {
                    return Err(FilterError::Type(
                        "IN attend une liste entre parenthèses".into(),
                    ));
                };
                let mut values = Vec::with_capacity(list.len());
                for e in list {
                    let s = self.scalar(e)?;
                    self.same_kind(op, &args[0], &v, e, &s)?;
                    values.push(s);
                }
                Ok(Node::In(v, values))
            }
            "isNull" => {
                arity(1)?;
                match args[0].as_ref() {
                    Expr::Property { property } if property == GEOMETRY && self.schema.spatial => {
                        Ok(Node::IsNull(Some(GEOMETRY.into()), None))
                    }
                    Expr::Property { property } => {
                        self.shape(property)?;
                        Ok(Node::IsNull(Some(property.clone()), None))
                    }
                    e => Ok(Node::IsNull(None, Some(self.scalar(e)?))),
                }
            }
            _ => {
                if let Some(s) = spatial_op(op) {
                    arity(2)?;
                    if !self.schema.spatial {
                        return Err(FilterError::Type(format!(
                            "{} : cette collection n'a pas de géométrie",
                            op.to_uppercase()
                        )));
                    }
                    let a = self.geometry(&args[0])?;
                    let b = self.geometry(&args[1])?;
                    return Ok(Node::Spatial(s, a, b));
                }
                if let Some(a) = array_op(op) {
                    arity(2)?;
                    let (x, xk) = self.array(&args[0])?;
                    let (y, yk) = self.array(&args[1])?;
                    if let (Some(xk), Some(yk)) = (xk, yk) {
                        if xk != yk {
                            return Err(FilterError::Type(format!(
                                "{} compare une liste de {} à une liste de {}",
                                op.to_uppercase(),
                                xk.french(),
                                yk.french()
                            )));
                        }
                    }
                    return Ok(Node::Array(a, x, y));
                }
                Err(unsupported(op))
            }
        }
    }

    fn same_kind(
        &self,
        op: &str,
        ea: &Expr,
        a: &Scalar,
        eb: &Expr,
        b: &Scalar,
    ) -> Result<(), FilterError> {
        if a.kind() == b.kind() {
            return Ok(());
        }
        Err(FilterError::Type(format!(
            "{} compare {} à {}",
            op.to_uppercase(),
            self.typed(ea, a),
            self.typed(eb, b)
        )))
    }

    /// « la propriété « logements » (colonne 1, nombre) » or « 'abc' (texte) ».
    fn typed(&self, e: &Expr, s: &Scalar) -> String {
        match e {
            Expr::Property { property } => format!(
                "la propriété « {property} »{} de type {}",
                self.at(property),
                s.kind().french()
            ),
            other => format!("{} ({})", describe(other), s.kind().french()),
        }
    }

    fn scalar(&mut self, expr: &Expr) -> Result<Scalar, FilterError> {
        self.count()?;
        match expr {
            Expr::Float(x) if x.is_finite() => Ok(Scalar::Lit(Lit::Number(*x))),
            Expr::Literal(s) => Ok(Scalar::Lit(Lit::Text(s.clone()))),
            Expr::Bool(b) => Ok(Scalar::Lit(Lit::Bool(*b))),
            Expr::Property { property } if property == GEOMETRY && self.schema.spatial => {
                Err(FilterError::Type(format!(
                    "« {GEOMETRY} » est la géométrie : comparez-la avec S_INTERSECTS, S_WITHIN…"
                )))
            }
            Expr::Property { property } => match self.shape(property)? {
                Shape::Scalar(kind) => Ok(Scalar::Prop {
                    name: property.clone(),
                    kind,
                }),
                Shape::Array(_) => Err(FilterError::Type(format!(
                    "la propriété « {property} »{} est une liste : utilisez A_CONTAINS({property}, ('valeur')) ou A_OVERLAPS",
                    self.at(property)
                ))),
            },
            Expr::Operation { op, args } if op == "casei" || op == "accenti" => {
                if args.len() != 1 {
                    return Err(FilterError::Type(format!(
                        "{} attend un argument",
                        op.to_uppercase()
                    )));
                }
                let inner = self.scalar(&args[0])?;
                if inner.kind() != Kind::Text {
                    return Err(FilterError::Type(format!(
                        "{} s'applique à du texte, pas à {}",
                        op.to_uppercase(),
                        self.typed(&args[0], &inner)
                    )));
                }
                let fold = if op == "casei" {
                    Fold::Case
                } else {
                    Fold::Accent
                };
                Ok(Scalar::Fold {
                    fold,
                    inner: Box::new(inner),
                })
            }
            Expr::Operation { op, .. } => Err(unsupported(op)),
            Expr::Null => Err(FilterError::Type(
                "NULL ne se compare pas : écrivez « propriété IS NULL »".into(),
            )),
            Expr::Date { .. } | Expr::Timestamp { .. } | Expr::Interval { .. } => Err(
                FilterError::Unsupported("les valeurs temporelles (DATE, TIMESTAMP, INTERVAL) : comparez les dates comme du texte, date_debut >= '2020'".into()),
            ),
            other => Err(FilterError::Type(format!(
                "{} n'est pas une valeur simple",
                describe(other)
            ))),
        }
    }

    fn array(&mut self, expr: &Expr) -> Result<(ArrayOperand, Option<Kind>), FilterError> {
        self.count()?;
        match expr {
            Expr::Property { property } => match self.shape(property)? {
                Shape::Array(kind) => Ok((
                    ArrayOperand::Prop {
                        name: property.clone(),
                        kind,
                    },
                    Some(kind),
                )),
                Shape::Scalar(_) => Err(FilterError::Type(format!(
                    "la propriété « {property} »{} n'est pas une liste",
                    self.at(property)
                ))),
            },
            Expr::Array(items) => {
                let mut lits = Vec::with_capacity(items.len());
                for e in items {
                    match self.scalar(e)? {
                        Scalar::Lit(l) => lits.push(l),
                        _ => {
                            return Err(FilterError::Type(
                                "une liste ne contient que des valeurs littérales".into(),
                            ))
                        }
                    }
                }
                let kind = lits.first().map(Lit::kind);
                if lits.iter().any(|l| Some(l.kind()) != kind) {
                    return Err(FilterError::Type(
                        "une liste mêle des valeurs de types différents".into(),
                    ));
                }
                Ok((ArrayOperand::Lit(lits), kind))
            }
            other => Err(FilterError::Type(format!(
                "{} n'est pas une liste",
                describe(other)
            ))),
        }
    }

    fn geometry(&mut self, expr: &Expr) -> Result<GeomOperand, FilterError> {
        self.count()?;
        match expr {
            Expr::Property { property } if property == GEOMETRY => Ok(GeomOperand::Feature),
            Expr::Property { property } => {
                self.shape(property)?;
                Err(FilterError::Type(format!(
                    "la propriété « {property} »{} n'est pas une géométrie ; la géométrie des objets s'appelle « {GEOMETRY} »",
                    self.at(property)
                )))
            }
            Expr::BBox { bbox } => {
                let numbers: Vec<f64> = bbox
                    .iter()
                    .map(|e| match e.as_ref() {
                        Expr::Float(x) if x.is_finite() => Ok(*x),
                        _ => Err(FilterError::Type(
                            "BBOX attend 4 (ou 6) nombres finis".into(),
                        )),
                    })
                    .collect::<Result<_, _>>()?;
                let boxes = bbox::boxes(&numbers, self.crs)
                    .map_err(|why| FilterError::Bbox { numbers, why })?;
                let geometry = if boxes.len() == 1 {
                    Geometry::Polygon(boxes[0].to_polygon())
                } else {
                    Geometry::MultiPolygon(MultiPolygon(
                        boxes.iter().map(|b| b.to_polygon()).collect(),
                    ))
                };
                Ok(self.literal(geometry))
            }
            Expr::Geometry(_) => {
                let g: geo::Geometry<f64> = geo::Geometry::try_from(expr.clone())
                    .map_err(|e| FilterError::Type(format!("géométrie illisible ({e})")))?;
                self.vertices += g.coords_count();
                if self.vertices > MAX_VERTICES {
                    return Err(FilterError::TooCostly(format!(
                        "géométries trop détaillées : au plus {MAX_VERTICES} sommets ; simplifiez-les"
                    )));
                }
                if g.coords_iter()
                    .any(|c| !c.x.is_finite() || !c.y.is_finite())
                {
                    return Err(FilterError::Type("coordonnées non finies".into()));
                }
                let from = self.crs;
                let g = g
                    .try_map_coords(|c: Coord<f64>| crs::from_crs(c, from))
                    .map_err(|e| FilterError::Type(format!("géométrie : {e}")))?;
                let problems = geodata::validate::geometry::validity(&g);
                if !problems.is_empty() {
                    return Err(FilterError::Type(format!(
                        "géométrie littérale invalide : {}",
                        problems.join(" ; ")
                    )));
                }
                Ok(self.literal(g))
            }
            other => Err(FilterError::Type(format!(
                "{} n'est pas une géométrie (attendu : {GEOMETRY}, POINT(…), POLYGON(…), BBOX(…)…)",
                describe(other)
            ))),
        }
    }

    fn literal(&self, geometry: Geometry<f64>) -> GeomOperand {
        let bbox = geometry.bounding_rect();
        GeomOperand::Lit(Box::new(GeomLit { geometry, bbox }))
    }
}

fn spatial_op(op: &str) -> Option<SpatialOp> {
    Some(match op {
        "s_intersects" => SpatialOp::Intersects,
        "s_disjoint" => SpatialOp::Disjoint,
        "s_contains" => SpatialOp::Contains,
        "s_within" => SpatialOp::Within,
        "s_equals" => SpatialOp::Equals,
        "s_touches" => SpatialOp::Touches,
        "s_overlaps" => SpatialOp::Overlaps,
        "s_crosses" => SpatialOp::Crosses,
        _ => return None,
    })
}

fn array_op(op: &str) -> Option<ArrayOp> {
    Some(match op {
        "a_equals" => ArrayOp::Equals,
        "a_contains" => ArrayOp::Contains,
        "a_containedBy" => ArrayOp::ContainedBy,
        "a_overlaps" => ArrayOp::Overlaps,
        _ => return None,
    })
}

fn unsupported(op: &str) -> FilterError {
    if op.starts_with("t_") {
        FilterError::Unsupported(format!(
            "la fonction temporelle {} (les dates des opérations sont floues : « 2024 » couvre l'année) ; comparez les dates comme du texte, date_debut >= '2020'",
            op.to_uppercase()
        ))
    } else if cql2::ARITHOPS.contains(&op) {
        FilterError::Unsupported(format!("l'opérateur arithmétique « {op} »"))
    } else {
        FilterError::Unsupported(format!("la fonction ou l'opérateur « {op} »"))
    }
}

/// A short French description of an operand, for messages.
fn describe(e: &Expr) -> String {
    match e {
        Expr::Property { property } => format!("la propriété « {property} »"),
        Expr::Literal(s) => format!("'{s}'"),
        Expr::Float(x) => x.to_string(),
        Expr::Bool(b) => b.to_string().to_uppercase(),
        Expr::Null => "NULL".into(),
        Expr::Array(_) => "une liste".into(),
        Expr::Geometry(_) | Expr::BBox { .. } => "une géométrie".into(),
        Expr::Date { .. } | Expr::Timestamp { .. } | Expr::Interval { .. } => {
            "une valeur temporelle".into()
        }
        Expr::Operation { op, .. } => format!("l'expression {}(…)", op.to_uppercase()),
    }
}
