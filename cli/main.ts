console.log('api-shield');
