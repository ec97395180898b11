//! Spec paths in, each spec located in its repository out (repository-relative spec and output
//! paths, the output folder on disk), with one `Workspace` per repository, so that an org
//! config or catalog is read once for all the specs it governs.

use std::path::{Path, PathBuf};

use hbmod::workspace::{CatalogChoice, Workspace};

use crate::repo::Repository;
use crate::Outcome;

/// The specs a writing command (`build`, `package`) was given: folders expanded, `--out`
/// checked to name one spec, the catalog chosen, every spec located.
pub struct Given {
    /// The spec files, in path order.
    pub paths: Vec<PathBuf>,
    /// The catalog they are built against.
    pub choice: CatalogChoice,
    /// Their repositories.
    pub repositories: Repositories,
    /// Each spec located (or why it could not be), in `paths` order.
    pub located: Vec<Result<Located, String>>,
}

/// `Given` for the command's paths, `--out` and `--catalog`; on a problem it is printed and
/// the outcome to exit with comes back.
pub fn given(
    paths: &[PathBuf],
    out: Option<&Path>,
    catalog: Option<&Path>,
) -> Result<Given, Outcome> {
    let paths = crate::files::expand(paths).map_err(|message| {
        eprintln!("error: {message}");
        Outcome::Failure
    })?;
    if out.is_some() && paths.len() > 1 {
        eprintln!("error: --out takes one spec; {} were given", paths.len());
        return Err(Outcome::Failure);
    }
    let choice = crate::catalog::choice(catalog).ok_or(Outcome::Failure)?;
    let (repositories, located) = Repositories::locate(&paths, out);
    Ok(Given {
        paths,
        choice,
        repositories,
        located,
    })
}

/// One spec, located.
pub struct Located {
    /// The spec as given on the command line.
    pub path: PathBuf,
    /// Its repository's index in `Repositories::list`.
    pub repo: usize,
    /// The spec, repository-relative.
    pub spec_path: String,
    /// Its output folder, repository-relative.
    pub output_dir: String,
    /// Its output folder on disk, as the user would name it.
    pub target: PathBuf,
}

/// The repositories the specs of one command live in (usually one).
pub struct Repositories {
    /// Distinct repositories, in order of first use.
    pub list: Vec<Repository>,
}

impl Repositories {
    /// Locates every spec (`out`: the `--out` folder of a single spec); a spec that cannot be
    /// located gets its error message.
    pub fn locate(paths: &[PathBuf], out: Option<&Path>) -> (Self, Vec<Result<Located, String>>) {
        let mut list: Vec<Repository> = Vec::new();
        let located = paths
            .iter()
            .map(|path| {
                let (repo, spec_path, output_dir, target) =
                    crate::commands::build::locate(path, out)?;
                let index = match list.iter().position(|r| r.root() == repo.root()) {
                    Some(index) => index,
                    None => {
                        list.push(repo);
                        list.len() - 1
                    }
                };
                Ok(Located {
                    path: path.clone(),
                    repo: index,
                    spec_path,
                    output_dir,
                    target,
                })
            })
            .collect();
        (Repositories { list }, located)
    }

    /// One workspace per repository, in `list` order.
    pub fn workspaces(&self, choice: &CatalogChoice) -> Vec<Workspace<'_>> {
        self.list
            .iter()
            .map(|repo| Workspace::new(repo, choice.clone()))
            .collect()
    }
}
