//! What the generator emits for `oneOf`/`anyOf`: best-fit deserialization of members whose fields
//! are all optional, discriminators, and untagged serialization.

use fixture_unions::types::{
    CallAssetPayload, Cat, Dog, NameOrId, Pet, Settings, Shape, SitelinkAssetPayload, Square, UpsertAsset,
    UpsertAssetPayload,
};
use serde_json::json;

fn payload(value: serde_json::Value) -> UpsertAssetPayload {
    serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("{value}: {e}"))
}

/// What `#[serde(untagged)]` over the same members does: the first member that deserializes wins,
/// and with every field optional that is always the first member.
#[derive(Debug, serde::Deserialize)]
#[serde(untagged)]
enum FirstThatFits {
    Call(CallAssetPayload),
    #[allow(dead_code)]
    Sitelink(SitelinkAssetPayload),
}

#[test]
fn an_object_with_only_the_second_members_keys_is_the_second_variant() {
    let sitelink = json!({"linkText": "Shop", "finalUrl": "https://example.test/shop"});
    // The old behaviour, for contrast: the keys are dropped into an empty first member.
    let untagged: FirstThatFits = serde_json::from_value(sitelink.clone()).unwrap();
    assert!(matches!(untagged, FirstThatFits::Call(CallAssetPayload { phone_number: None, country_code: None })));

    let UpsertAssetPayload::SitelinkAssetPayload(parsed) = payload(sitelink.clone()) else {
        panic!("not the sitelink variant: {:?}", payload(sitelink));
    };
    assert_eq!(parsed.link_text.as_deref(), Some("Shop"));
    assert_eq!(parsed.final_url.as_deref(), Some("https://example.test/shop"));
    // The same inside the struct that holds the union.
    let asset: UpsertAsset = serde_json::from_value(json!({"name": "s", "payload": sitelink})).unwrap();
    assert!(matches!(asset.payload, Some(UpsertAssetPayload::SitelinkAssetPayload(_))), "{asset:?}");
}

#[test]
fn the_member_that_knows_every_key_wins_then_the_one_that_knows_most_then_the_first() {
    // Both the sitelink and the lead form know `description1`; only the lead form knows `headline`.
    let lead = payload(json!({"headline": "Hi", "description1": "d"}));
    assert!(
        matches!(&lead, UpsertAssetPayload::LeadFormAssetPayload(p) if p.headline.as_deref() == Some("Hi")),
        "{lead:?}"
    );
    // Known by both in full: the earlier member.
    let shared = payload(json!({"description1": "d"}));
    assert!(matches!(shared, UpsertAssetPayload::SitelinkAssetPayload(_)), "{shared:?}");
    // Known by none in full: the one that knows most (two keys against one).
    let mixed = payload(json!({"headline": "Hi", "description2": "d", "linkText": "x"}));
    assert!(matches!(mixed, UpsertAssetPayload::LeadFormAssetPayload(_)), "{mixed:?}");
    let call = payload(json!({"phoneNumber": "+1 555", "extra": true}));
    assert!(matches!(call, UpsertAssetPayload::CallAssetPayload(_)), "{call:?}");
}

#[test]
fn an_unknown_shape_falls_back_to_the_first_member_and_a_value_no_member_takes_is_an_error() {
    // Every member accepts an object of unknown keys; none knows more than another, so the first.
    let unknown = payload(json!({"somethingElse": 1}));
    assert_eq!(unknown, UpsertAssetPayload::CallAssetPayload(CallAssetPayload::default()));

    let error = serde_json::from_value::<UpsertAssetPayload>(json!(42)).unwrap_err().to_string();
    assert!(error.contains("fits no variant of UpsertAssetPayload"), "{error}");
    for variant in ["CallAssetPayload", "SitelinkAssetPayload", "LeadFormAssetPayload"] {
        assert!(error.contains(&format!("{variant}: invalid type")), "{error}");
    }
}

#[test]
fn a_free_form_member_takes_objects_that_no_declared_member_knows() {
    let known: Settings = serde_json::from_value(json!({"phoneNumber": "1"})).unwrap();
    assert!(matches!(known, Settings::CallAssetPayload(_)), "{known:?}");
    let other: Settings = serde_json::from_value(json!({"theme": "dark"})).unwrap();
    assert!(matches!(&other, Settings::Object(map) if map["theme"] == "dark"), "{other:?}");
}

#[test]
fn scalars_take_the_first_member_they_fit_and_serialize_as_themselves() {
    assert_eq!(serde_json::from_value::<NameOrId>(json!("abc")).unwrap(), NameOrId::String("abc".into()));
    assert_eq!(serde_json::from_value::<NameOrId>(json!(42)).unwrap(), NameOrId::Integer(42));
    assert!(serde_json::from_value::<NameOrId>(json!(true)).is_err());
    assert_eq!(serde_json::to_value(NameOrId::Integer(7)).unwrap(), json!(7));
    let sitelink = UpsertAssetPayload::SitelinkAssetPayload(SitelinkAssetPayload {
        link_text: Some("Shop".into()),
        ..Default::default()
    });
    assert_eq!(serde_json::to_value(&sitelink).unwrap(), json!({"linkText": "Shop"}));
    assert_eq!(payload(serde_json::to_value(&sitelink).unwrap()), sitelink, "round trip");
}

#[test]
fn the_discriminator_value_selects_the_member_which_keeps_the_property() {
    // A dog's shape, but the value says cat: the value decides, not the shape.
    let cat: Pet = serde_json::from_value(json!({"petType": "cat", "name": "Tom", "barks": true})).unwrap();
    assert_eq!(cat, Pet::Cat(Cat::new("Tom".into(), "cat".into())));
    let kitten: Pet = serde_json::from_value(json!({"petType": "kitten", "name": "Kit"})).unwrap();
    assert!(matches!(&kitten, Pet::Cat(c) if c.pet_type == "kitten"), "{kitten:?}");
    let dog: Pet = serde_json::from_value(json!({"petType": "dog", "name": "Rex", "barks": true})).unwrap();
    assert_eq!(dog, Pet::Dog(Dog { barks: Some(true), ..Dog::new("Rex".into(), "dog".into()) }));
    // Without a mapping entry, the schema's name is the value.
    let lizard: Pet = serde_json::from_value(json!({"petType": "Lizard"})).unwrap();
    assert!(matches!(lizard, Pet::Lizard(_)), "{lizard:?}");
    let square: Shape = serde_json::from_value(json!({"kind": "Square", "side": 2.0})).unwrap();
    assert_eq!(square, Shape::Square(Square::new("Square".into(), 2.0)));
    // The property stays in the serialized member.
    assert_eq!(serde_json::to_value(&dog).unwrap(), json!({"petType": "dog", "name": "Rex", "barks": true}));
}

#[test]
fn an_unknown_or_missing_discriminator_value_is_an_error_naming_property_value_and_expected_values() {
    let error = serde_json::from_value::<Pet>(json!({"petType": "hamster", "name": "H"})).unwrap_err().to_string();
    assert!(error.contains("`petType`") && error.contains("\"hamster\""), "{error}");
    for expected in ["\"Lizard\"", "\"cat\"", "\"dog\"", "\"kitten\""] {
        assert!(error.contains(expected), "{error}");
    }
    // Mapping entries that name no member (warned about when generating) select nothing.
    for value in ["problem", "ghost"] {
        let error = serde_json::from_value::<Pet>(json!({"petType": value})).unwrap_err().to_string();
        assert!(error.contains(&format!("unknown value {value:?}")), "{error}");
    }
    let error = serde_json::from_value::<Pet>(json!({"name": "H"})).unwrap_err().to_string();
    assert!(error.contains("`petType` is missing"), "{error}");
    let error = serde_json::from_value::<Shape>(json!({"kind": 3})).unwrap_err().to_string();
    assert!(error.contains("`kind` is 3, not a string"), "{error}");
    // The selected member must still fit: a circle without its radius is refused.
    let error = serde_json::from_value::<Shape>(json!({"kind": "Circle"})).unwrap_err().to_string();
    assert!(error.contains("Shape with `kind` \"Circle\"") && error.contains("radius"), "{error}");
}
