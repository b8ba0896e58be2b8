//! A request declared once: `request!` takes each field with its step key
//! (the AWS CLI's name), its wire name (the API's member name) and its
//! type, and makes the struct, its parameter list ([`Declared::PARAMS`],
//! which the registry lists) and its reader: a [`super::Reads`] for every
//! [`Reader`] that [`ReadsParam`] each field's type. A front door (the
//! scenario parser, an HTTP endpoint) implements `ReadsParam` for the
//! types once, and reads every declared request through it. Requests
//! whose fields depend on one another (one of two keys, a value checked
//! against another) keep a hand-written `Reads`, and implement
//! [`Declared`] beside their struct.

use super::Reader;

/// One parameter of a request, as a scenario step and as the API name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Param {
    /// Its name as a scenario step (and the AWS CLI) spells it:
    /// `db-cluster-identifier`.
    pub step: &'static str,
    /// Its name as a member of the API's request: `DBClusterIdentifier`;
    /// `None` for a simulator's extension, which only a scenario gives.
    pub wire: Option<&'static str>,
}

/// A parameter the API has, for the hand-written [`Declared`] impls.
pub const fn param(step: &'static str, wire: &'static str) -> Param {
    Param {
        step,
        wire: Some(wire),
    }
}

/// A parameter of the simulator's own, which only a scenario gives.
pub const fn extension(step: &'static str) -> Param {
    Param { step, wire: None }
}

/// A request type, and the parameters it takes.
pub trait Declared {
    /// Every parameter: those it models, then those it only accepts (as a
    /// refused step's help lists them).
    const PARAMS: &'static [Param];
}

/// A [`Reader`] that can read one parameter as a `T`: a required value as
/// `T`, an optional one as `Option<T>`.
pub trait ReadsParam<T>: Reader {
    fn param(&mut self, param: Param) -> Result<T, Self::Error>;
}

/// Declares a request: its struct, its [`Declared`] parameters and its
/// reader.
///
/// ```text
/// request! {
///     /// `describe-db-instances`: the caller's instances, or one of them.
///     pub struct DescribeDbInstances accepting {} {
///         pub identifier: Option<String> = "db-instance-identifier" / "DBInstanceIdentifier",
///     }
/// }
/// ```
///
/// A field reads as its type: `T` is required, `Option<T>` optional, and
/// `T = … or DEFAULT` optional with a default. `accepting { "key" / "Wire":
/// T, … }` lists parameters the API takes and the simulator reads (so a
/// wrong type is refused) but does not model; they are read first, and
/// listed last. A parameter of the simulator's own has `/ -` for its wire
/// name.
macro_rules! request {
    (
        $(#[$meta:meta])*
        pub struct $name:ident accepting {
            $($astep:literal / $awire:tt : $aty:ty),* $(,)?
        } {
            $(
                $(#[$fmeta:meta])*
                pub $field:ident : $ty:ty = $step:literal / $wire:tt $(or $default:expr)?
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq)]
        pub struct $name {
            $($(#[$fmeta])* pub $field: $ty,)*
        }

        impl $crate::cloud::ops::declare::Declared for $name {
            const PARAMS: &'static [$crate::cloud::ops::declare::Param] = &[
                $($crate::cloud::ops::declare::request!(@param $step, $wire),)*
                $($crate::cloud::ops::declare::request!(@param $astep, $awire),)*
            ];
        }

        impl<R> $crate::cloud::ops::Reads<$name> for R
        where
            R: $crate::cloud::ops::Reader
                $(+ $crate::cloud::ops::declare::ReadsParam<$aty>)*
                $(+ $crate::cloud::ops::declare::ReadsParam<
                    $crate::cloud::ops::declare::request!(@read $ty $(, $default)?)
                >)*,
        {
            fn read(&mut self) -> Result<$name, R::Error> {
                $(
                    let _: $aty = $crate::cloud::ops::declare::ReadsParam::param(
                        self,
                        $crate::cloud::ops::declare::request!(@param $astep, $awire),
                    )?;
                )*
                $(
                    let value: $crate::cloud::ops::declare::request!(@read $ty $(, $default)?) =
                        $crate::cloud::ops::declare::ReadsParam::param(
                            self,
                            $crate::cloud::ops::declare::request!(@param $step, $wire),
                        )?;
                    let $field = $crate::cloud::ops::declare::request!(@value value $(, $default)?);
                )*
                Ok($name { $($field),* })
            }
        }
    };
    (@param $step:literal, -) => {
        $crate::cloud::ops::declare::extension($step)
    };
    (@param $step:literal, $wire:literal) => {
        $crate::cloud::ops::declare::param($step, $wire)
    };
    (@read $ty:ty) => { $ty };
    (@read $ty:ty, $default:expr) => { Option<$ty> };
    (@value $value:ident) => { $value };
    (@value $value:ident, $default:expr) => { $value.unwrap_or($default) };
}

pub(crate) use request;
