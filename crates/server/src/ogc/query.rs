//! An items request of OGC API – Features, parsed and checked: paging, `bbox` and `bbox-crs`,
//! `crs`, `datetime`, property filters, CQL2 `filter` (Part 3), `sortby` and `properties`.
//! Any inconsistency is a 400 naming the parameter.

use std::sync::Arc;

use geo::{Coord, CoordsIter, Geometry, Intersects, Rect};

use super::bbox::{self, BboxError};
use super::collection::{matches, Collection, Item};
use super::datetime::{DatetimeError, Interval};
use super::filter::{Filter, FilterCache, FilterError, Lang, Schema};
use super::sort::{parse_sortby, sort, sortby_text, SortError, SortKey};
use crate::crs::Crs;
use crate::params::{ParamError, Params};

/// Default page size.
pub const DEFAULT_LIMIT: usize = 10;

/// The parameters every items request accepts, besides the collection's queryables.
pub const BASE_PARAMS: [&str; 12] = [
    "f",
    "limit",
    "offset",
    "bbox",
    "bbox-crs",
    "crs",
    "datetime",
    "filter",
    "filter-lang",
    "filter-crs",
    "sortby",
    "properties",
];

/// Filter alias: `commune=74012` matches features whose `insee_com` lists 74012.
pub const COMMUNE_ALIAS: &str = "commune";

/// Why an items request was refused: every one a 400 naming the parameter (converted in
/// `crate::problems`).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum QueryError {
    #[error(transparent)]
    Param(#[from] ParamError),
    #[error("paramètre « limit » : entier de 1 à {max} attendu, reçu « {value} »")]
    Limit { value: String, max: usize },
    #[error("paramètre « limit » : entier de 1 à {max} attendu, reçu 0")]
    LimitZero { max: usize },
    #[error(
        "paramètre « {name} » : système de coordonnées « {value} » non proposé ; proposés : {}",
        Crs::offered()
    )]
    Crs { name: &'static str, value: String },
    #[error("paramètre « bbox » « {text} » : {why}")]
    Bbox { text: String, why: BboxError },
    #[error("la collection « {0} » n'est pas datée : datetime ne s'applique qu'aux opérations")]
    NotDated(&'static str),
    #[error(transparent)]
    Datetime(#[from] DatetimeError),
    #[error("paramètre « filter-lang » : « {0} » non proposé ; proposés : cql2-text, cql2-json")]
    FilterLang(String),
    #[error(transparent)]
    Filter(#[from] FilterError),
    #[error(transparent)]
    Sort(#[from] SortError),
    #[error("paramètre « properties » : propriété « {name} » inconnue ; propriétés : {known}")]
    Property { name: String, known: String },
    #[error("filtre « {name} » : valeur de type {expected} attendue, reçu « {value} »")]
    Type {
        name: String,
        expected: String,
        value: String,
    },
}

#[derive(Debug, Clone)]
pub struct ItemsQuery {
    pub limit: usize,
    pub offset: usize,
    /// The box in CRS84.
    /// In CRS84; two boxes when the requested one crosses the antimeridian.
    pub bbox: Option<Vec<Rect<f64>>>,
    pub crs: Crs,
    pub datetime: Option<Interval>,
    pub filters: Vec<(String, String)>,
    /// The CQL2 `filter`, checked against the queryables.
    pub filter: Option<Arc<Filter>>,
    pub sortby: Vec<SortKey>,
    /// Only these properties in the answer (`properties=`), in this order.
    pub properties: Option<Vec<String>>,
    /// The query string to repeat in paging links (without offset and f).
    pub echo: Vec<(String, String)>,
}

/// Where filters compiled by earlier requests are kept, and the data version the collection
/// belongs to (a filter is checked against the collection's queryables).
#[derive(Debug, Clone, Copy)]
pub struct Compiled<'a> {
    pub cache: &'a FilterCache,
    pub version: &'a str,
    /// The request's filter when the caller already found it by [`Compiled::lookup`]: taken
    /// as it is, without making its key and looking it up a second time.
    pub known: Option<&'a Arc<Filter>>,
}

impl Compiled<'_> {
    fn key(
        &self,
        collection: &Collection,
        text: &str,
        lang: Option<&str>,
        crs: Option<&str>,
    ) -> String {
        FilterCache::key(self.version, collection.id, text, lang, crs)
    }

    /// The request's filter if an earlier request compiled it (never compiles: reading a
    /// filter can take the parser a second, which the pool of costly requests does).
    pub fn lookup(&self, params: &Params, collection: &Collection) -> Option<Arc<Filter>> {
        let text = params.get("filter")?;
        let key = self.key(
            collection,
            text,
            params.get("filter-lang"),
            params.get("filter-crs"),
        );
        self.cache.get(&key)
    }
}

impl ItemsQuery {
    /// Takes the items parameters from `params` and refuses any other. The filter is taken
    /// from `compiled` when an earlier request compiled it, and kept there once compiled.
    pub fn parse(
        params: &mut Params,
        collection: &Collection,
        max_limit: usize,
        compiled: Option<Compiled<'_>>,
    ) -> Result<ItemsQuery, QueryError> {
        let mut echo = Vec::new();
        let limit = match params.take("limit") {
            None => DEFAULT_LIMIT,
            Some(v) => {
                let n = parse_limit(&v, max_limit)?;
                echo.push(("limit".to_string(), n.to_string()));
                n
            }
        };
        let offset = params.take_usize("offset", 0, usize::MAX)?.unwrap_or(0);
        let bbox_crs = match params.take("bbox-crs") {
            None => None,
            Some(v) => Some(parse_crs("bbox-crs", &v)?),
        };
        let bbox = match params.take("bbox") {
            None => None,
            Some(v) => {
                let c = bbox_crs.unwrap_or(Crs::Crs84);
                echo.push(("bbox".into(), v.clone()));
                if c != Crs::Crs84 {
                    echo.push(("bbox-crs".into(), c.uri().into()));
                }
                Some(parse_bbox(&v, c)?)
            }
        };
        let crs = match params.take("crs") {
            None => Crs::Crs84,
            Some(v) => {
                let c = parse_crs("crs", &v)?;
                echo.push(("crs".into(), c.uri().into()));
                c
            }
        };
        let datetime = match params.take("datetime") {
            None => None,
            Some(v) => {
                if !collection.temporal {
                    return Err(QueryError::NotDated(collection.id));
                }
                echo.push(("datetime".into(), v.clone()));
                Some(Interval::parse(&v)?)
            }
        };
        let filter = parse_filter(params, collection, &mut echo, compiled)?;
        let sortby = match params.take("sortby") {
            None => Vec::new(),
            Some(v) => {
                let keys = parse_sortby(&v, &collection.queryables)?;
                echo.push(("sortby".into(), sortby_text(&keys)));
                keys
            }
        };
        let properties = match params.take("properties") {
            None => None,
            Some(v) => {
                echo.push(("properties".into(), v.clone()));
                Some(parse_properties(&v, collection)?)
            }
        };
        let mut filters = Vec::new();
        for q in &collection.queryables {
            if let Some(v) = params.take(&q.name) {
                check_type(&q.name, &q.schema, &v)?;
                echo.push((q.name.clone(), v.clone()));
                filters.push((q.name.clone(), v));
            }
        }
        if collection.queryables.iter().any(|q| q.name == "insee_com") {
            if let Some(v) = params.take(COMMUNE_ALIAS) {
                echo.push((COMMUNE_ALIAS.into(), v.clone()));
                filters.push(("insee_com".into(), v));
            }
        }
        Ok(ItemsQuery {
            limit,
            offset,
            bbox,
            crs,
            datetime,
            filters,
            filter,
            sortby,
            properties,
            echo,
        })
    }

    /// Every item matching the filters, in collection order or `sortby`'s. A box (`bbox`, or
    /// one a spatial filter implies) takes the candidates from the collection's R-tree.
    pub fn select<'c>(&self, collection: &'c Collection) -> Vec<&'c Item> {
        let found = self.matching(collection, &|| false).unwrap_or_default();
        self.order(collection, found)
    }

    /// The positions in `collection` of the items matching the filters, in collection order;
    /// `None` when `stop` said to give up (checked every few items: a spatial filter can take
    /// milliseconds per item).
    pub fn matching(&self, collection: &Collection, stop: &dyn Fn() -> bool) -> Option<Vec<usize>> {
        self.matching_among(collection, self.candidates(collection), stop)
    }

    /// The positions in `collection` of the items that may match: those whose box meets
    /// `bbox` or the boxes a spatial filter implies, from the collection's R-tree; every item
    /// otherwise.
    pub fn candidates(&self, collection: &Collection) -> Vec<usize> {
        let boxes = self
            .bbox
            .clone()
            .or_else(|| self.filter.as_deref().and_then(Filter::envelopes));
        match boxes {
            Some(b) => collection.candidates(&b),
            None => (0..collection.items.len()).collect(),
        }
    }

    /// [`ItemsQuery::matching`] among `candidates` (see [`ItemsQuery::candidates`]).
    pub fn matching_among(
        &self,
        collection: &Collection,
        candidates: Vec<usize>,
        stop: &dyn Fn() -> bool,
    ) -> Option<Vec<usize>> {
        let mut found = Vec::new();
        for (n, i) in candidates.into_iter().enumerate() {
            if n % 16 == 0 && stop() {
                return None;
            }
            if self.accepts(&collection.items[i]) {
                found.push(i);
            }
        }
        Some(found)
    }

    /// The items at `positions` in `collection`, sorted by `sortby` when given.
    pub fn order<'c>(&self, collection: &'c Collection, positions: Vec<usize>) -> Vec<&'c Item> {
        let mut selected: Vec<&Item> = positions
            .into_iter()
            .map(|i| &collection.items[i])
            .collect();
        sort(&mut selected, &self.sortby);
        selected
    }

    fn accepts(&self, it: &Item) -> bool {
        if let Some(boxes) = &self.bbox {
            let hit = match (&it.bbox, &it.geometry) {
                (Some(ib), Some(g)) => boxes.iter().any(|b| meets(g, ib, b)),
                _ => false,
            };
            if !hit {
                return false;
            }
        }
        if let Some(q) = &self.datetime {
            match it.period {
                Some(p) if q.overlaps(p) => {}
                _ => return false,
            }
        }
        if let Some(f) = &self.filter {
            if !f.matches(it) {
                return false;
            }
        }
        self.filters
            .iter()
            .all(|(name, wanted)| matches(it.properties.get(name), wanted))
    }
}

/// Whether geometry `g` (of bounding box `gb`) meets box `b`, edges included. Decided
/// without testing edges when its box lies inside `b`, or one of its vertices does (what
/// most features a bbox page shows have): geo's test computes every polygon's bounding box
/// again before comparing edges.
fn meets(g: &Geometry<f64>, gb: &Rect<f64>, b: &Rect<f64>) -> bool {
    let within = |c: Coord<f64>| {
        c.x >= b.min().x && c.y >= b.min().y && c.x <= b.max().x && c.y <= b.max().y
    };
    gb.intersects(b)
        && ((within(gb.min()) && within(gb.max()))
            || g.coords_iter().any(within)
            || g.intersects(b))
}

/// `filter` with `filter-lang` (cql2-text by default) and `filter-crs` (CRS84 by default).
fn parse_filter(
    params: &mut Params,
    collection: &Collection,
    echo: &mut Vec<(String, String)>,
    compiled: Option<Compiled<'_>>,
) -> Result<Option<Arc<Filter>>, QueryError> {
    let lang_param = params.take("filter-lang");
    let lang = match &lang_param {
        None => Lang::Text,
        Some(v) => {
            let l = Lang::parse(v).ok_or_else(|| QueryError::FilterLang(v.clone()))?;
            echo.push(("filter-lang".into(), l.name().into()));
            l
        }
    };
    let crs_param = params.take("filter-crs");
    let crs = match &crs_param {
        None => Crs::Crs84,
        Some(v) => {
            let c = parse_crs("filter-crs", v)?;
            echo.push(("filter-crs".into(), c.uri().into()));
            c
        }
    };
    let Some(text) = params.take("filter") else {
        return Ok(None);
    };
    echo.push(("filter".into(), text.clone()));
    if let Some(known) = compiled.and_then(|c| c.known) {
        return Ok(Some(known.clone()));
    }
    let key = compiled.map(|c| {
        let key = c.key(
            collection,
            &text,
            lang_param.as_deref(),
            crs_param.as_deref(),
        );
        (c.cache, key)
    });
    if let Some(found) = key.as_ref().and_then(|(cache, key)| cache.get(key)) {
        return Ok(Some(found));
    }
    let schema = Schema {
        queryables: &collection.queryables,
        spatial: collection.spatial,
    };
    let filter = Arc::new(Filter::parse(&text, lang, crs, schema)?);
    if let Some((cache, key)) = key {
        cache.insert(key, filter.clone());
    }
    Ok(Some(filter))
}

/// `properties=a,b`: names among the collection's properties; empty selects none.
pub fn parse_properties(v: &str, collection: &Collection) -> Result<Vec<String>, QueryError> {
    let mut names = Vec::new();
    for name in v.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        if !collection.property_names.iter().any(|p| p == name) {
            return Err(QueryError::Property {
                name: name.to_string(),
                known: collection.property_names.join(", "),
            });
        }
        if !names.iter().any(|n| n == name) {
            names.push(name.to_string());
        }
    }
    Ok(names)
}

/// The names an items request of `collection` accepts, for error messages and the OpenAPI.
pub fn accepted_params(collection: &Collection) -> Vec<String> {
    let mut names: Vec<String> = BASE_PARAMS
        .iter()
        .filter(|p| collection.temporal || **p != "datetime")
        .map(|p| p.to_string())
        .collect();
    names.extend(collection.queryables.iter().map(|q| q.name.clone()));
    if collection.queryables.iter().any(|q| q.name == "insee_com") {
        names.push(COMMUNE_ALIAS.into());
    }
    names
}

/// A filter on a numeric or boolean property must be a number or a boolean.
fn check_type(name: &str, schema: &serde_json::Value, v: &str) -> Result<(), QueryError> {
    let t = match schema["type"].as_str() {
        Some("array") => schema["items"]["type"].as_str(),
        other => other,
    };
    let ok = match t {
        Some("integer") => v.trim().parse::<i64>().is_ok(),
        Some("number") => v.trim().parse::<f64>().is_ok_and(f64::is_finite),
        Some("boolean") => v == "true" || v == "false",
        _ => true,
    };
    if ok {
        Ok(())
    } else {
        Err(QueryError::Type {
            name: name.to_string(),
            expected: t.unwrap_or("texte").to_string(),
            value: v.to_string(),
        })
    }
}

/// A limit above the maximum is lowered to it, as OGC API – Features permits.
fn parse_limit(v: &str, max: usize) -> Result<usize, QueryError> {
    let t = v.trim();
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(QueryError::Limit {
            value: v.to_string(),
            max,
        });
    }
    let n = t.parse::<usize>().unwrap_or(usize::MAX);
    if n == 0 {
        return Err(QueryError::LimitZero { max });
    }
    Ok(n.min(max))
}

/// A CRS parameter (`crs`, `bbox-crs`) among those offered.
pub fn parse_crs(name: &'static str, v: &str) -> Result<Crs, QueryError> {
    Crs::parse(v).ok_or_else(|| QueryError::Crs {
        name,
        value: v.to_string(),
    })
}

/// The `bbox` parameter in `crs` (see [`bbox::parse`]), in CRS84.
pub fn parse_bbox(v: &str, crs: Crs) -> Result<Vec<Rect<f64>>, QueryError> {
    bbox::parse(v, crs).map_err(|why| QueryError::Bbox {
        text: v.to_string(),
        why,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn collection() -> Collection {
        let item = |id: &str, nom: &str| Item {
            id: id.into(),
            properties: serde_json::json!({ "nom": nom })
                .as_object()
                .cloned()
                .unwrap_or_default(),
            geometry: None,
            bbox: None,
            period: None,
            geojson: Default::default(),
        };
        let kind = super::super::collection::Kind {
            id: "qpv",
            title: "QPV",
            description: "",
            temporal: false,
            spatial: false,
            tiled: false,
        };
        super::super::collection::assemble(
            kind,
            vec![item("a", "Les Tilleuls"), item("b", "Le Perrier")],
        )
    }

    /// A filter is compiled once per data version, collection and raw parameters; the
    /// cached one selects what a fresh one does.
    #[test]
    fn a_filter_is_compiled_once_per_version_and_parameters() {
        let c = collection();
        let cache = FilterCache::new(1 << 20);
        let parse = |query: &str, version: &str| {
            let mut params = Params::parse(Some(query)).expect("params");
            let compiled = Compiled {
                cache: &cache,
                version,
                known: None,
            };
            let known = compiled.lookup(&params, &c);
            let q = ItemsQuery::parse(&mut params, &c, 100, Some(compiled)).expect("query");
            let found = q.matching(&c, &|| false);
            (known, q.filter.expect("a filter"), found)
        };
        let text = "filter=nom%20LIKE%20%27%25Tilleuls%25%27";
        let (known, first, found) = parse(text, "v1");
        assert!(known.is_none());
        assert_eq!(found, Some(vec![0]));
        let (known, again, found) = parse(text, "v1");
        assert!(known.is_some_and(|k| Arc::ptr_eq(&k, &first)));
        assert!(Arc::ptr_eq(&again, &first));
        assert_eq!(found, Some(vec![0]));
        // Another data version, or the same text in another language, is compiled anew.
        assert!(!Arc::ptr_eq(&parse(text, "v2").1, &first));
        let (known, _, _) = parse(&format!("{text}&filter-lang=cql2-text"), "v1");
        assert!(known.is_none());
        // A refused filter is not kept.
        let mut params = Params::parse(Some("filter=inconnu%3D1")).expect("params");
        let compiled = Compiled {
            cache: &cache,
            version: "v1",
            known: None,
        };
        assert!(ItemsQuery::parse(&mut params, &c, 100, Some(compiled)).is_err());
        let params = Params::parse(Some("filter=inconnu%3D1")).expect("params");
        assert!(compiled.lookup(&params, &c).is_none());
    }

    /// The shortcuts of the bbox test agree with geo's edge test: a box inside, a vertex
    /// inside, a crossing without vertex inside, an L whose box meets but not its surface.
    #[test]
    fn a_box_meets_what_geo_says_it_meets() {
        use geo::{polygon, BoundingRect};
        let b = Rect::new((0.0, 0.0), (10.0, 10.0));
        let cases = [
            (
                polygon![(x: 1.0, y: 1.0), (x: 2.0, y: 1.0), (x: 2.0, y: 2.0), (x: 1.0, y: 1.0)],
                true,
            ),
            (
                polygon![(x: 5.0, y: 5.0), (x: 20.0, y: 5.0), (x: 20.0, y: 20.0), (x: 5.0, y: 5.0)],
                true,
            ),
            (
                polygon![(x: -5.0, y: 4.0), (x: 15.0, y: 4.0), (x: 15.0, y: 6.0), (x: -5.0, y: 6.0), (x: -5.0, y: 4.0)],
                true,
            ),
            (
                polygon![(x: 10.0, y: 10.0), (x: 12.0, y: 10.0), (x: 12.0, y: 12.0), (x: 10.0, y: 10.0)],
                true,
            ),
            (
                polygon![(x: 11.0, y: -5.0), (x: 12.0, y: -5.0), (x: 12.0, y: 20.0), (x: -5.0, y: 20.0), (x: -5.0, y: 19.0), (x: 11.0, y: 19.0), (x: 11.0, y: -5.0)],
                false,
            ),
        ];
        for (p, expected) in cases {
            let g = Geometry::Polygon(p);
            let gb = g.bounding_rect().expect("a box");
            assert_eq!(meets(&g, &gb, &b), expected, "{g:?}");
            assert_eq!(g.intersects(&b), expected, "{g:?}");
        }
    }

    #[test]
    fn bbox_errors_name_the_parameter() {
        assert_eq!(
            parse_bbox("6,46,7", Crs::Crs84)
                .expect_err("short")
                .to_string(),
            "paramètre « bbox » « 6,46,7 » : 4 (ou 6) nombres attendus, 3 reçus"
        );
    }

    #[rstest]
    #[case("10", 10)]
    #[case("20000", 10_000)]
    #[case("99999999999999999999999999", 10_000)]
    fn limit_is_capped(#[case] v: &str, #[case] expected: usize) {
        assert_eq!(parse_limit(v, 10_000).expect("valid"), expected);
    }

    #[rstest]
    #[case("0")]
    #[case("-1")]
    #[case("1.5")]
    #[case("")]
    fn limit_refused(#[case] v: &str) {
        assert!(parse_limit(v, 10_000).is_err());
    }
}
