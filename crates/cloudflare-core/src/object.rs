//! Decoding a generated struct from a JSON object: the `decode_struct!` macro the generator
//! writes one line of per struct (`::cloudflare_core::decode_struct!(default Zone { id, name,
//! type_ = "type" }, extra);`), `decode_untagged!` for an untagged union, and the helpers
//! they expand to.
//!
//! It reads an object as serde's derive would (the same field names, `None` for an absent
//! `Option`, the same "missing field" error for an absent required field, the same
//! "invalid type: .., expected struct X"), keeps every other property in the struct's
//! [`Extra`](crate::Extra) (through [`Extra::keep`](crate::Extra::keep), so a value the
//! repair moved gets its name back), and takes the last of a repeated key, as a JSON parser
//! does. One difference, on purpose: a JSON array is not read as a struct (serde's derive
//! reads `["a", 1]` into the fields in order; an array where an object belongs is the wrong
//! JSON type, and the repair keeps it raw). It is one map visitor per struct: serde's
//! derive writes several, which made the product crates twice as slow to compile.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};

/// A property name, borrowed from the input where the deserializer can lend it.
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name, owned.
    pub fn into_owned(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a property name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// A value where `null` is the type's default (`#[serde(deserialize_with =
/// "null_as_default")]` of a field the macro decodes).
pub struct NullAsDefault<T>(pub T);

impl<'de, T: Default + Deserialize<'de>> Deserialize<'de> for NullAsDefault<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(NullAsDefault(
            Option::<T>::deserialize(d)?.unwrap_or_default(),
        ))
    }
}

/// The value of a field the object does not have: `None` for an `Option`, else the
/// "missing field" error (what serde's derive does).
///
/// # Errors
///
/// `missing field `name`` for any type but an `Option`.
pub fn missing<'de, T: Deserialize<'de>, E: de::Error>(name: &'static str) -> Result<T, E> {
    struct Missing<E>(&'static str, std::marker::PhantomData<E>);
    impl<'de, E: de::Error> Deserializer<'de> for Missing<E> {
        type Error = E;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, E> {
            Err(E::missing_field(self.0))
        }
        fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, E> {
            v.visit_none()
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf unit unit_struct newtype_struct seq tuple
            tuple_struct map struct enum identifier ignored_any
        }
    }
    T::deserialize(Missing(name, std::marker::PhantomData))
}

/// `Deserialize` for a generated struct, from its fields (`name`, or `name = "jsonName"`
/// where the JSON name differs, then how it treats absence: nothing, `default`,
/// `null_default` or `required`), with `, extra` when it keeps unknown properties in its
/// `extra` field. `default X { .. }` is for a struct that derives `Default` and whose every
/// field is an `Option` or has a default: it starts from `X::default()` and sets each field
/// read (less code to compile for the same result). See the [module docs](self).
#[doc(hidden)]
#[macro_export]
macro_rules! decode_struct {
    ($ty:ident { $($field:ident $(= $wire:literal)? $($mode:ident)?),* $(,)? } $(, $extra:ident)?) => {
        $crate::decode_struct!(@visitor $ty, map, A, 'de, {
            $(let mut $field = ::std::option::Option::None;)*
            $(let mut $extra = $crate::Extra::default();)?
            while let ::std::option::Option::Some(key) =
                map.next_key::<$crate::object::Key<'de>>()?
            {
                match key.as_str() {
                    $($crate::decode_struct!(@wire $field $($wire)?) => {
                        $field = ::std::option::Option::Some(
                            $crate::decode_struct!(@value map $($mode)?),
                        )
                    })*
                    _ => $crate::decode_struct!(@unknown map key $($extra)?),
                }
            }
            ::std::result::Result::Ok($ty {
                $($field: $crate::decode_struct!(@missing A $field [$($wire)?] $($mode)?),)*
                $($extra,)?
            })
        });
    };
    (default $ty:ident { $($field:ident $(= $wire:literal)? $($mode:ident)?),* $(,)? } $(, $extra:ident)?) => {
        $crate::decode_struct!(@visitor $ty, map, A, 'de, {
            let mut out = <$ty as ::std::default::Default>::default();
            while let ::std::option::Option::Some(key) =
                map.next_key::<$crate::object::Key<'de>>()?
            {
                match key.as_str() {
                    $($crate::decode_struct!(@wire $field $($wire)?) => {
                        out.$field = $crate::decode_struct!(@value map $($mode)?)
                    })*
                    _ => $crate::decode_struct!(@unknown map key $(out.$extra)?),
                }
            }
            ::std::result::Result::Ok(out)
        });
    };
    // The `Deserialize` impl both forms write: a map visitor whose `visit_map` is `$read`,
    // reading `$map` (of type `$a`, with lifetime `$de`).
    (@visitor $ty:ident, $map:ident, $a:ident, $de:lifetime, $read:block) => {
        impl<$de> ::serde::Deserialize<$de> for $ty {
            fn deserialize<D: ::serde::Deserializer<$de>>(
                d: D,
            ) -> ::std::result::Result<Self, D::Error> {
                struct Visit;
                impl<$de> ::serde::de::Visitor<$de> for Visit {
                    type Value = $ty;
                    fn expecting(
                        &self,
                        f: &mut ::std::fmt::Formatter<'_>,
                    ) -> ::std::fmt::Result {
                        f.write_str(::std::concat!("struct ", ::std::stringify!($ty)))
                    }
                    fn visit_map<$a: ::serde::de::MapAccess<$de>>(
                        self,
                        mut $map: $a,
                    ) -> ::std::result::Result<$ty, $a::Error> $read
                }
                d.deserialize_map(Visit)
            }
        }
    };
    (@wire $field:ident) => {
        ::std::stringify!($field)
    };
    (@wire $field:ident $wire:literal) => {
        $wire
    };
    // A `match` rather than `?`: the same, with less for the compiler to resolve per field.
    (@value $map:ident null_default) => {
        match $map.next_value::<$crate::object::NullAsDefault<_>>() {
            ::std::result::Result::Ok(v) => v.0,
            ::std::result::Result::Err(e) => return ::std::result::Result::Err(e),
        }
    };
    (@value $map:ident $($mode:ident)?) => {
        match $map.next_value() {
            ::std::result::Result::Ok(v) => v,
            ::std::result::Result::Err(e) => return ::std::result::Result::Err(e),
        }
    };
    (@missing $a:ident $field:ident [$($wire:literal)?]) => {
        match $field {
            ::std::option::Option::Some(v) => v,
            ::std::option::Option::None => $crate::object::missing::<_, $a::Error>(
                $crate::decode_struct!(@wire $field $($wire)?),
            )?,
        }
    };
    (@missing $a:ident $field:ident [$($wire:literal)?] required) => {
        match $field {
            ::std::option::Option::Some(v) => v,
            ::std::option::Option::None => {
                return ::std::result::Result::Err(
                    <$a::Error as ::serde::de::Error>::missing_field(
                        $crate::decode_struct!(@wire $field $($wire)?),
                    ),
                )
            }
        }
    };
    (@missing $a:ident $field:ident [$($wire:literal)?] $mode:ident) => {
        $field.unwrap_or_default()
    };
    (@unknown $map:ident $key:ident) => {{
        $map.next_value::<::serde::de::IgnoredAny>()?;
    }};
    (@unknown $map:ident $key:ident $($extra:tt)+) => {
        $($extra)+.keep($key.into_owned(), $map.next_value()?)
    };
}

/// `Deserialize` for a generated untagged union whose members are each one type
/// (`Name(T)`): the value is read once, then each member is tried in order, and the first
/// that decodes is the answer, as serde's derive does (with the same error when none does:
/// "data did not match any variant of untagged enum X").
#[doc(hidden)]
#[macro_export]
macro_rules! decode_untagged {
    ($ty:ident { $($variant:ident),* $(,)? }) => {
        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                d: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value = <$crate::object::Value as ::serde::Deserialize>::deserialize(d)?;
                $(if let ::std::result::Result::Ok(v) = ::serde::Deserialize::deserialize(&value) {
                    return ::std::result::Result::Ok(Self::$variant(v));
                })*
                ::std::result::Result::Err(<D::Error as ::serde::de::Error>::custom(
                    ::std::concat!(
                        "data did not match any variant of untagged enum ",
                        ::std::stringify!($ty)
                    ),
                ))
            }
        }
    };
}

#[doc(hidden)]
pub use serde_json::Value;

#[cfg(test)]
mod tests {
    //! The macros read JSON as serde's derive does: each struct is written twice, derived
    //! and through the macro, and both must answer every input alike (the value, or the
    //! error's text).
    use serde::{Deserialize, Serialize};

    use crate::Extra;

    mod derived {
        use super::*;
        #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
        pub struct Open {
            pub id: Option<String>,
            #[serde(rename = "type")]
            pub type_: Option<u32>,
            #[serde(default)]
            pub tags: Vec<String>,
            #[serde(default, deserialize_with = "crate::de::null_as_default")]
            pub map: std::collections::BTreeMap<String, u8>,
            #[serde(flatten)]
            pub extra: Extra,
        }
        #[derive(Debug, PartialEq, Serialize, Deserialize)]
        pub struct Strict {
            pub name: String,
            #[serde(deserialize_with = "Option::deserialize")]
            pub note: Option<String>,
            pub port: Option<u16>,
        }
        #[derive(Debug, PartialEq, Serialize, Deserialize)]
        #[serde(untagged)]
        pub enum Union {
            Number(u32),
            Strict(Strict),
            Text(String),
        }
    }

    mod ours {
        use super::*;
        // As the generator leaves them: serde's attributes stay, for `Serialize`.
        #[derive(Debug, Default, PartialEq, Serialize)]
        pub struct Open {
            pub id: Option<String>,
            #[serde(rename = "type")]
            pub type_: Option<u32>,
            #[serde(default)]
            pub tags: Vec<String>,
            #[serde(default, deserialize_with = "crate::de::null_as_default")]
            pub map: std::collections::BTreeMap<String, u8>,
            #[serde(flatten)]
            pub extra: Extra,
        }
        crate::decode_struct!(default Open { id, type_ = "type", tags default, map null_default }, extra);
        #[derive(Debug, PartialEq, Serialize)]
        pub struct Strict {
            pub name: String,
            #[serde(deserialize_with = "Option::deserialize")]
            pub note: Option<String>,
            pub port: Option<u16>,
        }
        crate::decode_struct!(Strict { name, note required, port });
        #[derive(Debug, PartialEq, Serialize)]
        #[serde(untagged)]
        pub enum Union {
            Number(u32),
            Strict(Strict),
            Text(String),
        }
        crate::decode_untagged!(Union {
            Number,
            Strict,
            Text
        });
    }

    /// The outcome of decoding `json` as `T`, as JSON text or the error's text.
    fn outcome<T: for<'de> Deserialize<'de> + Serialize>(json: &str) -> String {
        match serde_json::from_str::<T>(json) {
            Ok(v) => serde_json::to_string(&v).unwrap(),
            Err(e) => format!("error: {e}"),
        }
    }

    #[test]
    fn the_macros_read_json_as_serde_derive_does() {
        let open = [
            r#"{}"#,
            r#"{"id": "a", "type": 3, "tags": ["x"], "map": {"k": 1}, "new": [1, {"b": null}]}"#,
            r#"{"id": null, "type": null, "map": null}"#,
            r#"{"i\u0064": "escaped", "type_": 1}"#,
            r#"{"type": "three"}"#,
            r#"{"tags": null}"#,
            r#"[]"#,
            r#""text""#,
            r#"{"id": "a""#,
        ];
        for json in open {
            assert_eq!(
                outcome::<ours::Open>(json),
                outcome::<derived::Open>(json),
                "{json}"
            );
        }
        let strict = [
            r#"{"name": "n", "note": null}"#,
            r#"{"name": "n", "note": "x", "port": 53, "unknown": true}"#,
            r#"{"note": null}"#,
            r#"{"name": "n"}"#,
            r#"{"name": "n", "note": null, "port": 70000}"#,
        ];
        for json in strict {
            assert_eq!(
                outcome::<ours::Strict>(json),
                outcome::<derived::Strict>(json),
                "{json}"
            );
        }
        for json in strict
            .iter()
            .copied()
            .chain([r#"7"#, r#""t""#, r#"true"#, r#"null"#])
        {
            assert_eq!(
                outcome::<ours::Union>(json),
                outcome::<derived::Union>(json),
                "{json}"
            );
        }
    }

    #[test]
    fn an_array_is_not_a_struct() {
        let err = serde_json::from_str::<ours::Strict>(r#"["n", null, 53]"#).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid type: sequence, expected struct Strict at line 1 column 0"
        );
        assert!(serde_json::from_str::<derived::Strict>(r#"["n", null, 53]"#).is_ok());
    }

    #[test]
    fn a_repeated_property_is_its_last_value() {
        let open: ours::Open = serde_json::from_str(r#"{"id": "a", "id": "b"}"#).unwrap();
        assert_eq!(open.id.as_deref(), Some("b"));
    }
}
