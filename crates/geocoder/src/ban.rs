//! Reading the Base Adresse Nationale's CSV files (`adresses-<dep>.csv.gz`): `;`-separated,
//! UTF-8, gzipped or not (told by the content, not the name).
//!
//! A bad row refuses the whole file, naming the line and the column: an index built from
//! part of a file would silently miss addresses.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use crate::error::GeocodeError;
use crate::index::{AddressRow, IndexBuilder, StreetKey};

/// Columns the import needs; the BAN files have more, which are ignored.
pub const REQUIRED: [&str; 9] = [
    "id",
    "numero",
    "rep",
    "nom_voie",
    "code_postal",
    "code_insee",
    "nom_commune",
    "lon",
    "lat",
];

/// Reads every row of `path` into `builder`. `progress` is called with the number of bytes
/// of the file read so far (compressed bytes for a gzipped file), for a progress bar.
pub fn read_file(
    path: &Path,
    builder: &mut IndexBuilder,
    progress: &mut dyn FnMut(u64),
) -> Result<u64, GeocodeError> {
    let io = |source| GeocodeError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = BufReader::with_capacity(1 << 16, File::open(path).map_err(io)?);
    let gz = {
        use std::io::BufRead;
        file.fill_buf().map_err(io)?.starts_with(&[0x1f, 0x8b])
    };
    let counted = Counting {
        inner: file,
        read: 0,
        reported: 0,
        progress,
    };
    if gz {
        read_csv(path, flate2::read::MultiGzDecoder::new(counted), builder)
    } else {
        read_csv(path, counted, builder)
    }
}

/// A reader that reports how many bytes went through it, every 256 KiB.
struct Counting<'a, R> {
    inner: R,
    read: u64,
    reported: u64,
    progress: &'a mut dyn FnMut(u64),
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        if n == 0 || self.read - self.reported >= 1 << 18 {
            self.reported = self.read;
            (self.progress)(self.read);
        }
        Ok(n)
    }
}

fn read_csv<R: Read>(
    path: &Path,
    input: R,
    builder: &mut IndexBuilder,
) -> Result<u64, GeocodeError> {
    let file_error = |message: String| GeocodeError::File {
        path: path.to_path_buf(),
        message,
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(input);
    let headers = reader
        .headers()
        .map_err(|e| file_error(format!("en-tête illisible : {e}")))?
        .clone();
    let column = |name: &str| headers.iter().position(|h| h.trim() == name);
    let mut at = [0usize; REQUIRED.len()];
    for (slot, name) in at.iter_mut().zip(REQUIRED) {
        *slot = column(name).ok_or_else(|| {
            file_error(format!(
                "colonne « {name} » absente ; un fichier de la Base Adresse Nationale (séparateur « ; ») est attendu, en-tête lu : {}",
                headers.iter().collect::<Vec<_>>().join(";")
            ))
        })?;
    }
    let [id, numero, rep, nom_voie, code_postal, code_insee, nom_commune, lon, lat] = at;
    let old_city = column("nom_ancienne_commune");
    let mut record = csv::StringRecord::new();
    let mut rows = 0u64;
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                return Err(GeocodeError::Row {
                    path: path.to_path_buf(),
                    line,
                    message: format!("CSV illisible : {e}"),
                });
            }
        }
        let line = record.position().map_or(0, |p| p.line());
        let row_error = |message: String| GeocodeError::Row {
            path: path.to_path_buf(),
            line,
            message,
        };
        let field = |i: usize| record.get(i).unwrap_or("").trim();
        let number_text = field(numero);
        let number = crate::text::number(number_text).ok_or_else(|| {
            row_error(format!(
                "colonne « numero » : « {number_text} » n'est pas un numéro (entier de 0 à 99999)"
            ))
        })?;
        let degrees = |col: usize, name: &str, bound: f64| -> Result<f64, GeocodeError> {
            let text = field(col);
            text.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && v.abs() <= bound)
                .ok_or_else(|| {
                    row_error(format!(
                        "colonne « {name} » : « {text} » n'est pas un angle WGS84 (−{bound} à {bound})"
                    ))
                })
        };
        let x = degrees(lon, "lon", 180.0)?;
        let y = degrees(lat, "lat", 90.0)?;
        let street = field(nom_voie);
        if street.is_empty() {
            return Err(row_error("colonne « nom_voie » vide".into()));
        }
        let city = field(nom_commune);
        if city.is_empty() {
            return Err(row_error("colonne « nom_commune » vide".into()));
        }
        builder.add_address(AddressRow {
            id: field(id).to_string(),
            number,
            rep: field(rep).to_string(),
            street: StreetKey {
                citycode: field(code_insee).to_string(),
                postcode: field(code_postal).to_string(),
                name: street.to_string(),
            },
            city: city.to_string(),
            old_city: old_city.map(|c| field(c).to_string()).unwrap_or_default(),
            lon: x,
            lat: y,
        });
        rows += 1;
    }
    if rows == 0 {
        return Err(file_error(
            "aucune adresse (fichier sans ligne de données)".into(),
        ));
    }
    Ok(rows)
}
