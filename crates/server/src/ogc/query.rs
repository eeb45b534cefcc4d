//! An items request of OGC API – Features, parsed and checked: paging, `bbox` and `bbox-crs`,
//! `crs`, `datetime`, property filters, CQL2 `filter` (Part 3), `sortby` and `properties`.
//! Any inconsistency is a 400 naming the parameter.

use geo::{Coord, Intersects, Rect};

use super::collection::{matches, Collection, Item};
use super::datetime::Interval;
use super::filter::{Filter, Lang, Schema};
use super::sort::{parse_sortby, sort, sortby_text, SortKey};
use crate::crs::{self, Crs};
use crate::error::Problem;
use crate::params::Params;

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
    pub filter: Option<Filter>,
    pub sortby: Vec<SortKey>,
    /// Only these properties in the answer (`properties=`), in this order.
    pub properties: Option<Vec<String>>,
    /// The query string to repeat in paging links (without offset and f).
    pub echo: Vec<(String, String)>,
}

impl ItemsQuery {
    /// Takes the items parameters from `params` and refuses any other.
    pub fn parse(
        params: &mut Params,
        collection: &Collection,
        max_limit: usize,
    ) -> Result<ItemsQuery, Problem> {
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
                    return Err(Problem::bad_request(format!(
                        "la collection « {} » n'est pas datée : datetime ne s'applique qu'aux opérations",
                        collection.id
                    )));
                }
                echo.push(("datetime".into(), v.clone()));
                Some(Interval::parse(&v)?)
            }
        };
        let filter = parse_filter(params, collection, &mut echo)?;
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
        let boxes = self
            .bbox
            .clone()
            .or_else(|| self.filter.as_ref().and_then(Filter::envelopes));
        let candidates = match boxes {
            Some(b) => collection.candidates(&b),
            None => (0..collection.items.len()).collect(),
        };
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
                (Some(ib), Some(g)) => boxes.iter().any(|b| ib.intersects(b) && g.intersects(b)),
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

/// `filter` with `filter-lang` (cql2-text by default) and `filter-crs` (CRS84 by default).
fn parse_filter(
    params: &mut Params,
    collection: &Collection,
    echo: &mut Vec<(String, String)>,
) -> Result<Option<Filter>, Problem> {
    let lang = match params.take("filter-lang") {
        None => Lang::Text,
        Some(v) => {
            let l = Lang::parse(&v).ok_or_else(|| {
                Problem::bad_request(format!(
                    "paramètre « filter-lang » : « {v} » non proposé ; proposés : cql2-text, cql2-json"
                ))
            })?;
            echo.push(("filter-lang".into(), l.name().into()));
            l
        }
    };
    let crs = match params.take("filter-crs") {
        None => Crs::Crs84,
        Some(v) => {
            let c = parse_crs("filter-crs", &v)?;
            echo.push(("filter-crs".into(), c.uri().into()));
            c
        }
    };
    let Some(text) = params.take("filter") else {
        return Ok(None);
    };
    echo.push(("filter".into(), text.clone()));
    let schema = Schema {
        queryables: &collection.queryables,
        spatial: collection.spatial,
    };
    Filter::parse(&text, lang, crs, schema)
        .map(Some)
        .map_err(|e| Problem::bad_request(e.to_string()))
}

/// `properties=a,b`: names among the collection's properties; empty selects none.
pub fn parse_properties(v: &str, collection: &Collection) -> Result<Vec<String>, Problem> {
    let mut names = Vec::new();
    for name in v.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        if !collection.property_names.iter().any(|p| p == name) {
            return Err(Problem::bad_request(format!(
                "paramètre « properties » : propriété « {name} » inconnue ; propriétés : {}",
                collection.property_names.join(", ")
            )));
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
fn check_type(name: &str, schema: &serde_json::Value, v: &str) -> Result<(), Problem> {
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
        Err(Problem::bad_request(format!(
            "filtre « {name} » : valeur de type {} attendue, reçu « {v} »",
            t.unwrap_or("texte")
        )))
    }
}

/// A limit above the maximum is lowered to it, as OGC API – Features permits.
fn parse_limit(v: &str, max: usize) -> Result<usize, Problem> {
    let t = v.trim();
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Problem::bad_request(format!(
            "paramètre « limit » : entier de 1 à {max} attendu, reçu « {v} »"
        )));
    }
    let n = t.parse::<usize>().unwrap_or(usize::MAX);
    if n == 0 {
        return Err(Problem::bad_request(format!(
            "paramètre « limit » : entier de 1 à {max} attendu, reçu 0"
        )));
    }
    Ok(n.min(max))
}

/// A CRS parameter (`crs`, `bbox-crs`) among those offered.
pub fn parse_crs(name: &str, v: &str) -> Result<Crs, Problem> {
    Crs::parse(v).ok_or_else(|| {
        Problem::bad_request(format!(
            "paramètre « {name} » : système de coordonnées « {v} » non proposé ; proposés : {}",
            Crs::offered()
        ))
    })
}

/// Reads `minx,miny,maxx,maxy` (or the 6-number 3D form) in `crs`'s axis order and returns
/// it in CRS84: one box, or two when a geographic box crosses the antimeridian (its west edge
/// greater than its east edge, as OGC API – Features allows).
pub fn parse_bbox(v: &str, crs: Crs) -> Result<Vec<Rect<f64>>, Problem> {
    let bad = |why: String| Problem::bad_request(format!("paramètre « bbox » « {v} » : {why}"));
    let numbers: Vec<f64> = v
        .split(',')
        .map(|s| s.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| bad("4 (ou 6) nombres séparés par des virgules attendus".into()))?;
    if numbers.iter().any(|x| !x.is_finite()) {
        return Err(bad("les nombres doivent être finis".into()));
    }
    let (a, b) = match numbers.as_slice() {
        [x1, y1, x2, y2] => ((*x1, *y1), (*x2, *y2)),
        [x1, y1, _, x2, y2, _] => ((*x1, *y1), (*x2, *y2)),
        _ => {
            return Err(bad(format!(
                "4 (ou 6) nombres attendus, {} reçus",
                numbers.len()
            )))
        }
    };
    let geographic = matches!(crs, Crs::Crs84 | Crs::Epsg4326);
    // In lon/lat order whatever the CRS's axis order.
    let (min, max) = match crs {
        Crs::Epsg4326 => ((a.1, a.0), (b.1, b.0)),
        _ => (a, b),
    };
    if geographic {
        let ok = |(lon, lat): (f64, f64)| {
            (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat)
        };
        if !ok(min) || !ok(max) {
            let order = if crs == Crs::Epsg4326 {
                "latitude puis longitude (EPSG:4326)"
            } else {
                "longitude puis latitude (CRS84)"
            };
            return Err(bad(format!(
                "coordonnées hors bornes ; ordre des axes attendu : {order}, longitude de −180 à 180, latitude de −90 à 90"
            )));
        }
    }
    let crosses_antimeridian = geographic && min.0 > max.0;
    if min.1 > max.1 || (!geographic && min.0 > max.0) {
        return Err(bad(
            "boîte inversée : le coin minimal doit précéder le coin maximal sur chaque axe (seule la longitude peut décroître, pour traverser l'antiméridien)".into(),
        ));
    }
    let rect = |(x1, y1): (f64, f64), (x2, y2): (f64, f64)| {
        Rect::new(Coord { x: x1, y: y1 }, Coord { x: x2, y: y2 })
    };
    if crosses_antimeridian {
        return Ok(vec![rect(min, (180.0, max.1)), rect((-180.0, min.1), max)]);
    }
    // Rect stores its corners in x, y order: give it the CRS's own axis order.
    let rect_in_crs = rect(a, b);
    let r = crs::rect_from_crs(rect_in_crs, crs).map_err(|e| bad(e.to_string()))?;
    Ok(vec![r])
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("6,46,7,47", Crs::Crs84, [6.0, 46.0, 7.0, 47.0])]
    #[case("46,6,47,7", Crs::Epsg4326, [6.0, 46.0, 7.0, 47.0])]
    #[case("6,46,0,7,47,100", Crs::Crs84, [6.0, 46.0, 7.0, 47.0])]
    fn bbox_in_crs84(#[case] v: &str, #[case] crs: Crs, #[case] expected: [f64; 4]) {
        let r = parse_bbox(v, crs).expect("valid")[0];
        assert_eq!([r.min().x, r.min().y, r.max().x, r.max().y], expected);
    }

    #[rstest]
    #[case("6,47,7,46")]
    #[case("7,46,6,47,")]
    #[case("6,46,7")]
    #[case("6,NaN,7,47")]
    #[case("6,46,7,inf")]
    #[case("6,46,200,47")]
    #[case("a,b,c,d")]
    fn bad_bbox(#[case] v: &str) {
        assert!(parse_bbox(v, Crs::Crs84).is_err());
    }

    #[test]
    fn antimeridian_box_is_split_in_two() {
        let boxes = parse_bbox("170,-20,-170,-10", Crs::Crs84).expect("valid");
        let corners: Vec<_> = boxes
            .iter()
            .map(|r| [r.min().x, r.min().y, r.max().x, r.max().y])
            .collect();
        assert_eq!(
            corners,
            [[170.0, -20.0, 180.0, -10.0], [-180.0, -20.0, -170.0, -10.0]]
        );
        // EPSG:4326 reads latitude first: the same box.
        assert_eq!(
            parse_bbox("-20,170,-10,-170", Crs::Epsg4326).unwrap(),
            boxes
        );
        // Projected CRSs have no antimeridian: a decreasing x stays an error.
        assert!(parse_bbox("954532,6566065,944532,6576065", Crs::Lambert93).is_err());
    }

    #[test]
    fn lambert93_bbox_covers_annemasse() {
        // A 10 km square around Annemasse in Lambert-93 (see crs.rs for the reference point).
        let r = parse_bbox("944532,6566065,954532,6576065", Crs::Lambert93).expect("valid")[0];
        assert!(r.min().x < 6.2365 && 6.2365 < r.max().x, "{r:?}");
        assert!(r.min().y < 46.1934 && 46.1934 < r.max().y, "{r:?}");
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
