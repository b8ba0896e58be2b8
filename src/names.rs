//! Enumerations spelled as AWS, scenario files and reports spell them. Each
//! variant's string is written once, in a `named_enum!` declaration, and
//! `name()`, `Display`, `FromStr`, `Serialize` and `Deserialize` follow
//! from it, so the spellings can't drift apart.

/// Declares an enumeration with one string per variant, and `what` it is
/// for error messages ("unknown engine `x`: expected aurora-mysql or
/// aurora-postgresql").
macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident ($what:literal) {
            $($(#[$vmeta:meta])* $variant:ident = $text:literal,)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: [$name; { let names: &[&str] = &[$($text),+]; names.len() }] =
                [$($name::$variant),+];

            /// The variant's name, as AWS and scenario files spell it.
            pub fn name(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::names::UnknownName;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| v.name() == s)
                    .ok_or_else(|| $crate::names::UnknownName {
                        what: $what,
                        given: s.to_string(),
                        names: &[$($text),+],
                    })
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.name())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

pub(crate) use named_enum;

/// A name that is none of its enumeration's.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} `{}`: expected {}", crate::shown::shown(.given), one_of(.names))]
pub struct UnknownName {
    /// What the enumeration names (`engine`, `restore type`).
    pub what: &'static str,
    pub given: String,
    /// Every name it has.
    pub names: &'static [&'static str],
}

/// `a`, `a or b`, `a, b or c`.
pub fn one_of(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    named_enum! {
        /// A test enumeration.
        enum Colour ("colour") {
            Red = "red",
            DarkBlue = "dark-blue",
        }
    }

    #[test]
    fn names_read_and_write_the_same_way() {
        for c in Colour::ALL {
            assert_eq!(c.name().parse::<Colour>(), Ok(c));
            assert_eq!(serde_json::to_string(&c).unwrap(), format!("\"{c}\""));
            assert_eq!(
                serde_json::from_str::<Colour>(&format!("\"{c}\"")).unwrap(),
                c
            );
        }
        assert_eq!(
            "blue".parse::<Colour>().unwrap_err().to_string(),
            "unknown colour `blue`: expected red or dark-blue"
        );
        assert_eq!(one_of(&["a", "b", "c"]), "a, b or c");
    }
}
