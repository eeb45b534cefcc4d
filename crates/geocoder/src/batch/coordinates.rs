//! One row's longitude and latitude, read from their CSV fields.
//!
//! French spreadsheets write decimals with a comma (`6,2438`), so a lone comma is read as the
//! decimal point. Anything else that is not a finite WGS84 degree is the row's error.

use geo::Point;

/// The point of a row, or why it has none (a French message naming the column).
pub fn parse_point(
    lon_col: &str,
    lon: &str,
    lat_col: &str,
    lat: &str,
) -> Result<Point<f64>, String> {
    let x = parse_degrees(lon_col, lon, 180.0, "longitude")?;
    let y = parse_degrees(lat_col, lat, 90.0, "latitude")?;
    Ok(Point::new(x, y))
}

fn parse_degrees(column: &str, field: &str, bound: f64, what: &str) -> Result<f64, String> {
    let text = field.trim();
    if text.is_empty() {
        return Err(format!("colonne « {column} » : {what} absente"));
    }
    let normalised = if !text.contains('.') && text.matches(',').count() == 1 {
        text.replace(',', ".")
    } else {
        text.to_string()
    };
    // Rust also parses `inf`, `NaN` and `1e3`: only plain decimal numbers are coordinates.
    let plain = normalised
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+'));
    let value = plain
        .then(|| normalised.parse::<f64>().ok())
        .flatten()
        .ok_or_else(|| format!("colonne « {column} » : « {text} » n'est pas un nombre décimal"))?;
    if value.abs() > bound {
        let hint = if value.abs() > 1000.0 {
            " ; des degrés WGS84 sont attendus, pas des mètres (Lambert 93 ?)"
        } else {
            ""
        };
        return Err(format!(
            "colonne « {column} » : {what} {text} hors bornes (−{bound} à {bound} degrés){hint}"
        ));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(lon: &str, lat: &str) -> Result<Point<f64>, String> {
        parse_point("lon", lon, "lat", lat)
    }

    #[test]
    fn reads_dot_and_comma_decimals_with_spaces() {
        assert_eq!(point("6.2438", "46.1856"), Ok(Point::new(6.2438, 46.1856)));
        assert_eq!(
            point(" 6,2438 ", "46,1856"),
            Ok(Point::new(6.2438, 46.1856))
        );
        assert_eq!(point("-61.5", "+16"), Ok(Point::new(-61.5, 16.0)));
    }

    #[test]
    fn empty_and_non_numeric_fields_name_their_column() {
        assert_eq!(
            point("", "46.1"),
            Err("colonne « lon » : longitude absente".into())
        );
        assert_eq!(
            point("6.1", "abc"),
            Err("colonne « lat » : « abc » n'est pas un nombre décimal".into())
        );
        for bad in ["NaN", "inf", "1e3", "6,2,4", "6.2,4"] {
            let err = point(bad, "46").expect_err(bad);
            assert!(err.contains("n'est pas un nombre décimal"), "{bad}: {err}");
        }
    }

    #[test]
    fn out_of_range_values_are_refused_with_a_hint_for_metres() {
        let err = point("6.2", "91").expect_err("latitude 91");
        assert_eq!(
            err,
            "colonne « lat » : latitude 91 hors bornes (−90 à 90 degrés)"
        );
        let err = point("949000", "6570000").expect_err("Lambert 93");
        assert!(err.contains("Lambert 93"), "{err}");
        assert!(point("-180", "-90").is_ok());
    }
}
